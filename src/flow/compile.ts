// Owns compileFlow: a PROCESIO flow document → the executable plan, checked against every rule of
// API.md §3.9, with all problems reported together in PROCESIO's error-item shape.
import {
  DataTypeIds,
  isAssignable,
  isKnownType,
  type DataTypeResolver,
} from '../domain/data-types/types.js';
import {
  compileAiDecisional,
  compileDecisional,
  findDecisionalParameters,
  type DecisionalContext,
} from './compile-decisional.js';
import { compileParameters, readParameters, type ParameterContext } from './compile-parameters.js';
import type { ActionDto, FlowRequestDto, VariableDto } from './flow.schema.js';
import { findCycles, upstreamOf } from './graph.js';
import { EMPTY_GUID, getProperty, isRecord, lowerGuid } from './json.js';
import type {
  AiDecisionalPlan,
  DecisionalPlan,
  ExecutablePlan,
  ForEachPlan,
  JoinPlan,
  NodeKind,
  PlanEdge,
  PlanNode,
  PlanParameter,
  PlanVariable,
  ValidationProblem,
} from './plan.js';
import {
  bindValue,
  singleReference,
  readPlaceholderEntries,
  type BindingScope,
  type BoundValue,
} from './placeholders.js';
import {
  CONTROL_SETTING_IDS,
  CONTROL_TEMPLATE_IDS,
  StructuredSettingTypes,
  type ActionTemplate,
  type TemplateCatalog,
} from './template-catalog.js';

export type { ValidationProblem } from './plan.js';

export interface CompileOptions {
  /**
   * Whether a process with this (lower-case) id exists in the workspace: the target of a Call or
   * Trigger Subprocess. Without it that check is skipped.
   */
  processExists?: (processId: string) => boolean;
}

/** `plan` is null exactly when `problems` is not empty. */
export interface CompileResult {
  plan: ExecutablePlan | null;
  problems: ValidationProblem[];
}

/** PROCESIO's validation codes (API.md §0.6, §3.9). */
export const ValidationCodes = {
  TooManyInputs: 383,
  TooFewInputs: 390,
  TooFewOutputs: 391,
  Invalid: 502,
} as const;

const PORT_MESSAGES = {
  [ValidationCodes.TooManyInputs]: 'Action has too many input ports.',
  [ValidationCodes.TooFewInputs]: 'Action has too few input ports.',
  [ValidationCodes.TooFewOutputs]: 'Action has too few output ports.',
} as const;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const KIND_BY_TEMPLATE = new Map<string, NodeKind>([
  [CONTROL_TEMPLATE_IDS.Start, 'start'],
  [CONTROL_TEMPLATE_IDS.Stop, 'stop'],
  [CONTROL_TEMPLATE_IDS.Join, 'join'],
  [CONTROL_TEMPLATE_IDS.Decisional, 'decisional'],
  [CONTROL_TEMPLATE_IDS.AiDecisional, 'ai-decisional'],
  [CONTROL_TEMPLATE_IDS.ForEach, 'for-each'],
  [CONTROL_TEMPLATE_IDS.CallSubprocess, 'call-subprocess'],
  [CONTROL_TEMPLATE_IDS.TriggerSubprocess, 'trigger-subprocess'],
  [CONTROL_TEMPLATE_IDS.MapProcessData, 'map-data'],
  [CONTROL_TEMPLATE_IDS.Delay, 'delay'],
  [CONTROL_TEMPLATE_IDS.Throw, 'throw'],
]);

/** What the engine does with a node of this template. */
export function nodeKindOf(templateId: string): NodeKind {
  return KIND_BY_TEMPLATE.get(lowerGuid(templateId)) ?? 'action';
}

interface NodeDraft {
  id: string;
  dto: ActionDto;
  templateId: string;
  template: ActionTemplate | undefined;
  kind: NodeKind;
  disabled: boolean;
  forEachId: string | null;
}

interface EdgeDraft {
  edge: PlanEdge;
  isError: boolean;
  loopBack: boolean;
  defaultMarked: boolean;
}

/**
 * Compiles and validates a flow. Never throws on a malformed graph: every rule violation becomes
 * a problem, and the plan is built only when there is none.
 */
export function compileFlow(
  flow: FlowRequestDto,
  catalog: TemplateCatalog,
  types: DataTypeResolver,
  options: CompileOptions = {},
): CompileResult {
  const problems: ValidationProblem[] = [];
  const report = (statusCode: number, target: string, value: string) =>
    problems.push({ statusCode, value, target });
  const invalid = (target: string, value: string) => report(ValidationCodes.Invalid, target, value);

  const variables = compileVariables(flow.variables ?? [], types, invalid);
  const scope: BindingScope = {
    variableType: (id) => variables.get(lowerGuid(id))?.type,
    types,
  };

  const nodes = readNodes(flow.actions ?? [], catalog, invalid);
  const starts = [...nodes.values()].filter((n) => n.kind === 'start');
  if (starts.length !== 1)
    invalid(
      'start',
      starts.length === 0
        ? 'The process has no Start action.'
        : `The process has ${starts.length} Start actions; it needs exactly one.`,
    );
  resolveForEachParents(nodes, invalid);

  const drafts = readEdges(nodes, invalid);
  classifyScopes(drafts, nodes, invalid);
  const outgoing = groupBy(nodes, drafts, (d) => d.edge.source);
  const incoming = groupBy(nodes, drafts, (d) => d.edge.target);
  checkPorts(nodes, outgoing, incoming, report);
  const forEachPlans = checkForEachBodies(nodes, outgoing, incoming, invalid);

  const acyclic = adjacency(outgoing, (d) => d.edge.target);
  for (const cycle of findCycles(acyclic))
    invalid(
      cycle[0]!,
      `Actions ${cycle.join(', ')} form a cycle; only a For Each body may loop back to its For Each.`,
    );

  const environment: NodeEnvironment = {
    nodes,
    variables,
    scope,
    outgoing,
    incoming,
    predecessors: adjacency(incoming, (d) => d.edge.source),
    forEachPlans,
    options,
    invalid,
  };
  const planNodes = new Map<string, PlanNode>();
  for (const node of nodes.values()) {
    const planNode = compileNode(node, environment);
    if (planNode) planNodes.set(node.id, planNode);
  }

  const customResponse = compileCustomResponse(flow.customResponse, scope, invalid);
  if (problems.length > 0) return { plan: null, problems };
  return {
    plan: {
      flowId: flow.id ? lowerGuid(flow.id) : null,
      title: flow.title,
      timeout: flow.timeout ?? 0,
      variables,
      variablesByName: new Map([...variables.values()].map((v) => [v.name.toLowerCase(), v])),
      nodes: planNodes,
      edges: new Map(drafts.map((d) => [d.edge.id, d.edge])),
      startId: starts[0]!.id,
      customResponse,
    },
    problems,
  };
}

type Invalid = (target: string, message: string) => void;

/** Neighbours along the edges of `groups`, loop-backs left out. */
function adjacency(
  groups: ReadonlyMap<string, readonly EdgeDraft[]>,
  neighbour: (draft: EdgeDraft) => string,
): Map<string, string[]> {
  return new Map(
    [...groups].map(([id, drafts]) => [id, drafts.filter((d) => !d.loopBack).map(neighbour)]),
  );
}

/** What compiling one node needs from the rest of the flow. */
interface NodeEnvironment {
  nodes: ReadonlyMap<string, NodeDraft>;
  variables: ReadonlyMap<string, PlanVariable>;
  scope: BindingScope;
  outgoing: ReadonlyMap<string, EdgeDraft[]>;
  incoming: ReadonlyMap<string, EdgeDraft[]>;
  predecessors: ReadonlyMap<string, readonly string[]>;
  forEachPlans: ReadonlyMap<string, ForEachPlan>;
  options: CompileOptions;
  invalid: Invalid;
}

/** The plan node of one action; null when its template is unknown (already reported). */
function compileNode(node: NodeDraft, environment: NodeEnvironment): PlanNode | null {
  const { scope, invalid } = environment;
  const template = node.template;
  if (!template) return null;
  const parameterContext: ParameterContext = {
    scope,
    // A disabled action never runs, so its settings cannot break a run.
    report: (settingId, message) => {
      if (!node.disabled) invalid(`${node.id}.${settingId}`, message);
    },
  };
  const raw = readParameters(node.dto.parameters ?? [], template, parameterContext);
  const out = environment.outgoing.get(node.id)!;
  const normal = out.filter((d) => !d.isError).map((d) => d.edge);
  const errorEdge = out.find((d) => d.isError)?.edge ?? null;

  let decisional: DecisionalPlan | null = null;
  let aiDecisional: AiDecisionalPlan | null = null;
  const structured = new Set<string>();
  if (node.kind === 'decisional' || node.kind === 'ai-decisional') {
    const ai = node.kind === 'ai-decisional';
    const found = findDecisionalParameters(ai, raw);
    for (const parameter of [found.cases, found.defaultTarget])
      if (parameter) structured.add(parameter.settingId);
    const context: DecisionalContext = {
      nodeId: node.id,
      outgoing: normal,
      defaultMarked: new Set(out.filter((d) => d.defaultMarked).map((d) => d.edge.id)),
      actionExists: (id) => environment.nodes.has(id),
      scope,
      report: (message) => invalid(node.id, message),
      reportSetting: parameterContext.report,
    };
    if (ai) aiDecisional = compileAiDecisional(raw, context);
    else decisional = compileDecisional(raw, context);
  }
  const parameters = compileParameters(raw, template, structured, parameterContext);
  if (node.kind === 'for-each') checkForEachItem(parameters, parameterContext);
  if (!node.disabled) checkSubprocess(node, parameters, environment.options, invalid);
  const errorVariableId = checkErrorVariable(node, environment.variables, invalid);

  const forEach = environment.forEachPlans.get(node.id) ?? null;
  const next = forEach ? normal.filter((e) => !forEach.body.includes(e.target)) : normal;
  const defaultEdge = decisional?.defaultEdge ?? aiDecisional?.defaultEdge ?? null;
  return {
    id: node.id,
    name: node.dto.actionName || template.name,
    kind: node.kind,
    templateId: node.templateId,
    template,
    disabled: node.disabled,
    forEachId: node.forEachId,
    parameters,
    next,
    skipTo: decisional || aiDecisional ? (defaultEdge ? [defaultEdge] : []) : next,
    error: errorEdge,
    errorVariableId,
    forEach,
    decisional,
    aiDecisional,
    join:
      node.kind === 'join'
        ? joinPlan(environment.incoming.get(node.id)!, environment.predecessors)
        : null,
  };
}

/** Variable ids unique, names non-empty and unique in any case, data types known. */
function compileVariables(
  dtos: readonly VariableDto[],
  types: DataTypeResolver,
  invalid: Invalid,
): Map<string, PlanVariable> {
  const variables = new Map<string, PlanVariable>();
  const names = new Map<string, string>();
  for (const dto of dtos) {
    const id = lowerGuid(dto.id);
    if (variables.has(id)) {
      invalid(id, 'The variable id is not unique.');
      continue;
    }
    const key = dto.name.toLowerCase();
    if (key.trim() === '') invalid(id, 'The variable name is empty.');
    else if (names.has(key))
      invalid(id, `The variable name "${dto.name}" is already used by variable ${names.get(key)}.`);
    else names.set(key, id);
    if (!isKnownType(dto.dataType, types)) invalid(id, `Unknown data type ${dto.dataType}.`);
    variables.set(id, {
      id,
      name: dto.name,
      type: { dataTypeId: lowerGuid(dto.dataType), isList: dto.isList === true },
      orientation: dto.type,
      isRequired: dto.isRequired === true,
      isError: dto.isError === true,
      defaultValue: dto.defaultValue ?? null,
    });
  }
  return variables;
}

function readNodes(
  actions: readonly ActionDto[],
  catalog: TemplateCatalog,
  invalid: Invalid,
): Map<string, NodeDraft> {
  const nodes = new Map<string, NodeDraft>();
  for (const dto of actions) {
    const id = lowerGuid(dto.id);
    if (nodes.has(id)) {
      invalid(id, 'The action id is not unique.');
      continue;
    }
    const templateId = lowerGuid(dto.templateId);
    const template = catalog.get(templateId);
    if (!template) invalid(id, `Unknown action template ${templateId}.`);
    nodes.set(id, {
      id,
      dto,
      templateId,
      template,
      kind: nodeKindOf(templateId),
      disabled: dto.isDisabled === true,
      forEachId: null,
    });
  }
  return nodes;
}

/** Body membership: `parentId` must name a For Each; no For Each and no Stop inside a body. */
function resolveForEachParents(nodes: Map<string, NodeDraft>, invalid: Invalid) {
  for (const node of nodes.values()) {
    if (!node.dto.parentId) continue;
    const parentId = lowerGuid(node.dto.parentId);
    const parent = nodes.get(parentId);
    if (!parent) invalid(node.id, `The parent action ${parentId} does not exist.`);
    else if (parent.kind !== 'for-each')
      invalid(node.id, `The parent action ${parentId} is not a For Each.`);
    else node.forEachId = parent.id;
  }
  for (const node of nodes.values()) {
    if (node.forEachId === null) continue;
    if (node.kind === 'for-each')
      invalid(node.id, 'A For Each cannot be inside another For Each; call a sub-process instead.');
    if (node.kind === 'stop') invalid(node.id, 'A Stop cannot be inside a For Each body.');
  }
}

/** `data.isDefault` of a port: "default" (Decisional default) or "error" (error edge). */
function branchMarker(data: unknown): string | null {
  if (!isRecord(data)) return null;
  const marker = getProperty(data, 'isDefault');
  return typeof marker === 'string' ? marker.toLowerCase() : null;
}

/**
 * Every port with a real source becomes an edge. The entry port (no source, or the all-zero
 * GUID) is kept in the document and ignored here.
 */
function readEdges(nodes: ReadonlyMap<string, NodeDraft>, invalid: Invalid): EdgeDraft[] {
  const drafts: EdgeDraft[] = [];
  const ids = new Set<string>();
  for (const node of nodes.values()) {
    for (const port of node.dto.ports ?? []) {
      const id = lowerGuid(port.id);
      if (ids.has(id)) {
        invalid(id, 'The port id is not unique.');
        continue;
      }
      ids.add(id);
      const source = port.sourceId ? lowerGuid(port.sourceId) : EMPTY_GUID;
      if (source === EMPTY_GUID) continue;
      if (source !== node.id) {
        invalid(id, `The port is stored on action ${node.id} but starts at ${source}.`);
        continue;
      }
      const target = lowerGuid(port.destinationId);
      if (!nodes.has(target)) {
        invalid(id, `The port leads to action ${target}, which does not exist.`);
        continue;
      }
      const marker = branchMarker(port.data);
      const isError = port.type === 1 || marker === 'error';
      drafts.push({
        edge: { id, source, target, kind: isError ? 'error' : 'normal' },
        isError,
        loopBack: false,
        defaultMarked: marker === 'default',
      });
    }
  }
  return drafts;
}

/**
 * Edges stay inside one scope (the top level or one For Each body), except a For Each's edge
 * into its body and the body's edges back to it (loop-backs).
 */
function classifyScopes(
  drafts: EdgeDraft[],
  nodes: ReadonlyMap<string, NodeDraft>,
  invalid: Invalid,
) {
  for (const draft of drafts) {
    const source = nodes.get(draft.edge.source)!;
    const target = nodes.get(draft.edge.target)!;
    if (target.kind === 'for-each' && source.forEachId === target.id) {
      draft.loopBack = true;
      draft.edge.kind = 'loop-back';
    } else if (source.forEachId === target.forEachId) {
      continue;
    } else if (source.kind === 'for-each' && target.forEachId === source.id && !draft.isError) {
      continue;
    } else {
      invalid(
        (target.forEachId ?? source.forEachId)!,
        `Edge ${draft.edge.id} crosses the boundary of the For Each body.`,
      );
    }
  }
}

function groupBy(
  nodes: ReadonlyMap<string, NodeDraft>,
  drafts: readonly EdgeDraft[],
  key: (draft: EdgeDraft) => string,
): Map<string, EdgeDraft[]> {
  const groups = new Map<string, EdgeDraft[]>([...nodes.keys()].map((id) => [id, []]));
  for (const draft of drafts) groups.get(key(draft))!.push(draft);
  return groups;
}

/** 383 / 390 / 391, and edges from ports the template does not have. */
function checkPorts(
  nodes: ReadonlyMap<string, NodeDraft>,
  outgoing: ReadonlyMap<string, EdgeDraft[]>,
  incoming: ReadonlyMap<string, EdgeDraft[]>,
  report: (statusCode: number, target: string, value: string) => void,
) {
  const port = (code: keyof typeof PORT_MESSAGES, target: string) =>
    report(code, target, PORT_MESSAGES[code]);
  for (const node of nodes.values()) {
    const template = node.template;
    if (!template) continue;
    const inputs = incoming.get(node.id)!.filter((d) => !d.loopBack);
    if (template.inputPorts >= 0 && inputs.length > template.inputPorts)
      port(ValidationCodes.TooManyInputs, node.id);
    if (node.kind !== 'start' && inputs.length === 0) port(ValidationCodes.TooFewInputs, node.id);
    const out = outgoing.get(node.id)!;
    const normal = out.filter((d) => !d.isError);
    const errors = out.filter((d) => d.isError);
    if (template.outputPorts !== 0 && normal.length === 0)
      port(ValidationCodes.TooFewOutputs, node.id);
    if (template.outputPorts === 0)
      for (const d of normal)
        report(ValidationCodes.Invalid, d.edge.id, `Action ${node.id} has no output port.`);
    if (!template.hasErrorPort)
      for (const d of errors)
        report(ValidationCodes.Invalid, d.edge.id, `Action ${node.id} has no error port.`);
    else if (errors.length > 1)
      report(ValidationCodes.Invalid, node.id, 'The action has more than one error edge.');
  }
}

/** Each For Each: a body, one edge into it, at least one loop-back, a continuation. */
function checkForEachBodies(
  nodes: ReadonlyMap<string, NodeDraft>,
  outgoing: ReadonlyMap<string, EdgeDraft[]>,
  incoming: ReadonlyMap<string, EdgeDraft[]>,
  invalid: Invalid,
): Map<string, ForEachPlan> {
  const plans = new Map<string, ForEachPlan>();
  for (const node of nodes.values()) {
    if (node.kind !== 'for-each') continue;
    const body = [...nodes.values()].filter((n) => n.forEachId === node.id).map((n) => n.id);
    const normal = outgoing.get(node.id)!.filter((d) => !d.isError);
    const entries = normal.filter((d) => body.includes(d.edge.target));
    const continuation = normal.filter((d) => !body.includes(d.edge.target));
    const loopBacks = incoming.get(node.id)!.filter((d) => d.loopBack);
    if (body.length === 0) invalid(node.id, 'The For Each has no body.');
    else {
      if (entries.length === 0)
        invalid(node.id, 'The For Each has no edge to the first action of its body.');
      if (entries.length > 1)
        invalid(node.id, 'The For Each has more than one edge into its body.');
      if (loopBacks.length === 0)
        invalid(node.id, 'The For Each body has no edge back to the For Each.');
    }
    if (normal.length > 0 && continuation.length === 0)
      invalid(node.id, 'The For Each has no edge to the action after the loop.');
    const entry = entries[0];
    if (entry)
      plans.set(node.id, { body, entry: entry.edge, loopBacks: loopBacks.map((d) => d.edge) });
  }
  return plans;
}

/** The item variable must hold an element of the list bound to In List. */
function checkForEachItem(
  parameters: ReadonlyMap<string, PlanParameter>,
  context: ParameterContext,
) {
  const list = parameters.get(CONTROL_SETTING_IDS.ForEach.InList);
  const item = parameters.get(CONTROL_SETTING_IDS.ForEach.Item);
  const listReference = list ? singleReference(list.input) : null;
  const itemReference = item?.output ?? null;
  if (!listReference?.type.isList || !itemReference) return;
  const element = { dataTypeId: listReference.type.dataTypeId, isList: false };
  if (!isAssignable(element, itemReference.type))
    context.report(
      CONTROL_SETTING_IDS.ForEach.Item,
      'The item variable cannot hold an element of the In List variable.',
    );
}

/** A Call/Trigger Subprocess whose target is a literal must name an existing process. */
function checkSubprocess(
  node: NodeDraft,
  parameters: ReadonlyMap<string, PlanParameter>,
  options: CompileOptions,
  invalid: Invalid,
) {
  if (node.kind !== 'call-subprocess' && node.kind !== 'trigger-subprocess') return;
  const settingId =
    node.kind === 'call-subprocess'
      ? CONTROL_SETTING_IDS.CallSubprocess.Process
      : CONTROL_SETTING_IDS.TriggerSubprocess.Process;
  const parameter =
    parameters.get(settingId) ??
    [...parameters.values()].find((p) => p.setting?.type === StructuredSettingTypes.FlowList);
  const value = parameter?.input.value;
  // A target chosen at run time (a placeholder) is checked when the action runs.
  if (typeof value !== 'string' || value.trim() === '' || parameter!.input.placeholders.size > 0)
    return;
  const processId = lowerGuid(value);
  if (!GUID.test(processId)) invalid(node.id, `The sub-process "${value}" is not a process id.`);
  else if (options.processExists && !options.processExists(processId))
    invalid(node.id, `The sub-process ${processId} does not exist.`);
}

const ERROR_TYPE = { dataTypeId: DataTypeIds.Error, isList: false };

/** `variableErrorId` must name a variable that can hold an Error value. */
function checkErrorVariable(
  node: NodeDraft,
  variables: ReadonlyMap<string, PlanVariable>,
  invalid: Invalid,
): string | null {
  if (!node.dto.variableErrorId) return null;
  const id = lowerGuid(node.dto.variableErrorId);
  const variable = variables.get(id);
  if (!variable) invalid(node.id, `The error variable ${id} does not exist.`);
  else if (!isAssignable(ERROR_TYPE, variable.type))
    invalid(node.id, `The error variable "${variable.name}" cannot hold an Error value.`);
  return id;
}

function joinPlan(
  incoming: readonly EdgeDraft[],
  predecessors: ReadonlyMap<string, readonly string[]>,
): JoinPlan {
  return {
    inputs: incoming
      .filter((d) => !d.loopBack)
      .map((d) => ({ edge: d.edge, upstream: upstreamOf(d.edge.source, predecessors) })),
  };
}

/** `{variable, value}`: the variable entries may be one object or a list. */
function compileCustomResponse(
  customResponse: unknown,
  scope: BindingScope,
  invalid: Invalid,
): BoundValue | null {
  if (customResponse === null || customResponse === undefined) return null;
  if (!isRecord(customResponse)) {
    invalid('customResponse', 'The custom response must be an object {variable, value}.');
    return null;
  }
  const { entries } = readPlaceholderEntries(getProperty(customResponse, 'variable'));
  const { bound, errors } = bindValue(getProperty(customResponse, 'value'), entries, scope);
  for (const error of errors) invalid('customResponse', error);
  return bound;
}
