// Owns compiling Decisional and AI Decisional nodes (API.md §3.7): their cases, conditions and
// default, and the agreement between those and the node's outgoing edges.
import type { RawParameter } from './compile-parameters.js';
import { isEmptyValue } from './compile-parameters.js';
import { getProperty, isRecord, lowerGuid } from './json.js';
import {
  DECISIONAL_OPERATORS,
  UNARY_OPERATORS,
  type AiDecisionalPlan,
  type ConditionItem,
  type DecisionalCase,
  type DecisionalOperator,
  type DecisionalPlan,
  type LogicOperator,
  type PlanEdge,
} from './plan.js';
import {
  bindValue,
  readPlaceholderEntries,
  type BindingScope,
  type BoundValue,
  type PlaceholderEntry,
} from './placeholders.js';
import { CONTROL_SETTING_IDS, StructuredSettingTypes } from './template-catalog.js';

export interface DecisionalContext {
  nodeId: string;
  /** Normal outgoing edges of the node, in document order. */
  outgoing: readonly PlanEdge[];
  /** Ids of the edges marked `data: {isDefault: "default"}`. */
  defaultMarked: ReadonlySet<string>;
  actionExists(id: string): boolean;
  scope: BindingScope;
  /** 502 on the action. */
  report(message: string): void;
  /** 502 on one of its settings. */
  reportSetting(settingId: string, message: string): void;
}

/**
 * The cases and default parameters: by setting id or setting type, else (a catalogue with other
 * ids) by shape: a list is the cases, a string the default.
 */
export function findDecisionalParameters(
  ai: boolean,
  raw: ReadonlyMap<string, RawParameter>,
): { cases: RawParameter | null; defaultTarget: RawParameter | null } {
  const ids = ai ? CONTROL_SETTING_IDS.AiDecisional : CONTROL_SETTING_IDS.Decisional;
  const casesType = ai
    ? StructuredSettingTypes.AiDecisionalCases
    : StructuredSettingTypes.DecisionalCases;
  const all = [...raw.values()];
  const cases =
    all.find((p) => p.settingId === ids.Cases || p.setting?.type === casesType) ??
    all.find((p) => p.setting === null && Array.isArray(p.value)) ??
    null;
  const defaultTarget =
    all.find(
      (p) =>
        p.settingId === ids.Default || p.setting?.type === StructuredSettingTypes.DecisionalDefault,
    ) ??
    all.find((p) => p.setting === null && typeof p.value === 'string') ??
    null;
  return { cases, defaultTarget };
}

export function compileDecisional(
  raw: ReadonlyMap<string, RawParameter>,
  context: DecisionalContext,
): DecisionalPlan {
  const { cases: casesParameter, defaultTarget } = findDecisionalParameters(false, raw);
  const routes = compileRoutes(casesParameter, defaultTarget, context);
  const cases: DecisionalCase[] = [];
  routes.cases.forEach(({ item, label, edge }) => {
    const raw = getProperty(item, 'condition');
    // Incomplete conditions are reported one by one; this is only for a case with none at all.
    if (!Array.isArray(raw) || raw.length === 0) context.report(`${label} has no condition.`);
    const conditions = compileConditions(
      raw,
      casesParameter?.entries ?? [],
      context,
      casesParameter?.settingId ?? '',
      label,
    );
    if (edge) cases.push({ id: getProperty(item, 'id'), edge, conditions });
  });
  return { cases, defaultEdge: routes.defaultEdge };
}

export function compileAiDecisional(
  raw: ReadonlyMap<string, RawParameter>,
  context: DecisionalContext,
): AiDecisionalPlan {
  const { cases: casesParameter, defaultTarget } = findDecisionalParameters(true, raw);
  const routes = compileRoutes(casesParameter, defaultTarget, context);
  const cases: AiDecisionalPlan['cases'][number][] = [];
  routes.cases.forEach(({ item, label, edge }) => {
    const condition = getProperty(item, 'condition');
    if (typeof condition !== 'string' || condition.trim() === '') {
      context.report(`${label} has no condition.`);
      return;
    }
    const { entries } = readPlaceholderEntries(getProperty(item, 'variable'));
    const { bound, errors } = bindValue(
      condition,
      entries,
      context.scope,
      casesParameter?.entries ?? [],
    );
    errors.forEach((e) => context.reportSetting(casesParameter?.settingId ?? '', `${label}: ${e}`));
    if (edge) cases.push({ id: getProperty(item, 'id'), edge, condition: bound });
  });
  return { cases, defaultEdge: routes.defaultEdge };
}

interface Route {
  item: Record<string, unknown>;
  label: string;
  edge: PlanEdge | null;
}

/**
 * Matches cases and the default to outgoing edges: every case needs an existing target of its
 * own and an edge to it; the default target comes from the default parameter or, failing that,
 * from the edge marked as default; every normal edge must belong to a case or the default.
 */
function compileRoutes(
  casesParameter: RawParameter | null,
  defaultParameter: RawParameter | null,
  context: DecisionalContext,
): { cases: Route[]; defaultEdge: PlanEdge | null } {
  const used = new Set<string>();
  const routes: Route[] = [];
  const value = casesParameter?.value;
  const items: unknown[] = isEmptyValue(value) ? [] : Array.isArray(value) ? value : [];
  if (!isEmptyValue(value) && !Array.isArray(value)) context.report('The cases must be a list.');
  const targets = new Map<string, string>();
  items.forEach((item, position) => {
    const label = `Case ${position + 1}`;
    if (!isRecord(item)) {
      context.report(`${label} is not an object.`);
      return;
    }
    const target = targetOf(getProperty(item, 'actionId'));
    let edge: PlanEdge | null = null;
    if (target === null) {
      context.report(`${label} has no target action.`);
    } else if (!context.actionExists(target)) {
      context.report(`${label} targets action ${target}, which does not exist.`);
    } else if (targets.has(target)) {
      context.report(`${label} targets the same action as ${targets.get(target)}.`);
    } else {
      targets.set(target, label);
      edge = pickEdge(context, target, false);
      if (edge) used.add(edge.id);
      else context.report(`${label} has no edge to its target action.`);
    }
    routes.push({ item, label, edge });
  });

  const marked = context.outgoing.filter((e) => context.defaultMarked.has(e.id));
  const parameterTarget = defaultParameter ? targetOf(defaultParameter.value) : null;
  if (defaultParameter && !isEmptyValue(defaultParameter.value) && parameterTarget === null)
    context.report('The default must be an action id.');
  let defaultTarget = parameterTarget;
  if (defaultTarget !== null && !context.actionExists(defaultTarget)) {
    context.report(`The default targets action ${defaultTarget}, which does not exist.`);
    defaultTarget = null;
  }
  if (marked.length > 1) context.report('More than one edge is marked as the default.');
  if (defaultTarget !== null && marked[0] && marked[0].target !== defaultTarget)
    context.report('The edge marked as default does not lead to the default action.');
  defaultTarget ??= marked[0]?.target ?? null;
  let defaultEdge: PlanEdge | null = null;
  if (defaultTarget !== null) {
    defaultEdge = pickEdge(context, defaultTarget, true, used);
    if (defaultEdge) used.add(defaultEdge.id);
    else context.report('The default action has no edge.');
  }
  for (const edge of context.outgoing)
    if (!used.has(edge.id))
      context.report(`Edge ${edge.id} belongs to no case and is not the default edge.`);
  return { cases: routes, defaultEdge };
}

/** The edge to `target`, preferring one whose default marker matches the role. */
function pickEdge(
  context: DecisionalContext,
  target: string,
  isDefault: boolean,
  taken: ReadonlySet<string> = new Set(),
): PlanEdge | null {
  const candidates = context.outgoing.filter((e) => e.target === target && !taken.has(e.id));
  return (
    candidates.find((e) => context.defaultMarked.has(e.id) === isDefault) ?? candidates[0] ?? null
  );
}

function targetOf(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return lowerGuid(value);
  if (isRecord(value)) return targetOf(getProperty(value, 'actionId'));
  return null;
}

/** Parses a condition list; the first item's logic operator is ignored, in groups too. */
function compileConditions(
  value: unknown,
  fallback: readonly PlaceholderEntry[],
  context: DecisionalContext,
  settingId: string,
  label: string,
): ConditionItem[] {
  if (!Array.isArray(value)) return [];
  const items: ConditionItem[] = [];
  value.forEach((raw, position) => {
    const where = `${label}, condition ${position + 1}`;
    if (!isRecord(raw)) {
      context.report(`${where} is not an object.`);
      return;
    }
    const logic = position === 0 ? null : parseLogic(getProperty(raw, 'logicOperator'));
    if (logic === undefined) {
      context.report(`${where} has an unknown logic operator.`);
      return;
    }
    const id = getProperty(raw, 'id');
    const groupValue = getProperty(raw, 'value');
    if (Array.isArray(groupValue)) {
      if (groupValue.length === 0) context.report(`${where} is an empty group.`);
      const conditions = compileConditions(groupValue, fallback, context, settingId, where);
      if (conditions.length > 0) items.push({ kind: 'group', id, logic, conditions });
      return;
    }
    const operator = parseOperator(getProperty(raw, 'operator'));
    if (!operator) {
      context.report(`${where} has an unknown operator.`);
      return;
    }
    const left = compileOperand(getProperty(raw, 'leftOperator'), fallback, context, settingId);
    if (!left) {
      context.report(`${where} has no left operand.`);
      return;
    }
    let right: BoundValue | null = null;
    if (!UNARY_OPERATORS.has(operator)) {
      right = compileOperand(getProperty(raw, 'rightOperator'), fallback, context, settingId, true);
      if (!right) {
        context.report(`${where} has no right operand.`);
        return;
      }
    }
    items.push({ kind: 'condition', id, logic, operator, left, right });
  });
  return items;
}

/**
 * 1 or "AND" → AND; 2 or "OR" → OR; 0 → OR as PROCESIO's exports write it; absent → AND.
 * Undefined means the value is not a logic operator.
 */
function parseLogic(value: unknown): LogicOperator | undefined {
  if (value === undefined || value === null || value === 1) return 'AND';
  if (value === 2 || value === 0) return 'OR';
  if (typeof value === 'string') {
    const upper = value.trim().toUpperCase();
    if (upper === 'AND' || upper === '1') return 'AND';
    if (upper === 'OR' || upper === '2' || upper === '0') return 'OR';
  }
  return undefined;
}

function parseOperator(value: unknown): DecisionalOperator | null {
  if (typeof value !== 'string') return null;
  const upper = value.trim().toUpperCase();
  return DECISIONAL_OPERATORS.find((o) => o === upper) ?? null;
}

/**
 * `{value, variable}` → a bound value. A left operand needs a non-empty value; a right operand may
 * be the empty string (comparing with "" is a real condition).
 */
function compileOperand(
  operand: unknown,
  fallback: readonly PlaceholderEntry[],
  context: DecisionalContext,
  settingId: string,
  allowEmptyString = false,
): BoundValue | null {
  if (!isRecord(operand)) return null;
  const value = getProperty(operand, 'value');
  if (value === undefined || value === null || (value === '' && !allowEmptyString)) return null;
  const { entries } = readPlaceholderEntries(getProperty(operand, 'variable'));
  const { bound, errors } = bindValue(value, entries, context.scope, fallback);
  errors.forEach((e) => context.reportSetting(settingId, e));
  return bound;
}
