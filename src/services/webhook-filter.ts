// Owns the `filterRules` of a webhook binding (API.md §5.2, §5.3): conditions with Decisional
// semantics, compiled by the flow layer's own Decisional compiler and evaluated on the values a
// call maps onto the process's input variables.
import type { DataTypeResolver, TypeRef } from '../domain/data-types/types.js';
import { evaluateConditions } from '../engine/conditions.js';
import {
  CONTROL_SETTING_IDS,
  readPlaceholderEntries,
  resolveBoundValue,
  type BoundValue,
  type FlowRequestDto,
} from '../flow/index.js';
import { compileDecisional } from '../flow/compile-decisional.js';
import type { RawParameter } from '../flow/compile-parameters.js';

/** Stands in for the Decisional node and its one case's target while the rules compile. */
const RULE_NODE = '00000000-0000-0000-0000-00000000f17e';
const RULE_TARGET = '00000000-0000-0000-0000-00000000f17f';

export type FilterVerdict = { pass: true } | { pass: false; problems: string[] };

function property(value: unknown, name: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const key = Object.keys(value).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (value as Record<string, unknown>)[key];
}

/**
 * The condition list of `filterRules`: `{value, parameters: [conditions]}` (PROCESIO's shape),
 * `{conditions: [...]}`, or the list itself. Null when the binding filters nothing.
 */
function conditionsOf(rules: unknown): { conditions: unknown[]; variable: unknown } | null {
  if (Array.isArray(rules)) return rules.length > 0 ? { conditions: rules, variable: null } : null;
  const list = property(rules, 'parameters') ?? property(rules, 'conditions');
  if (!Array.isArray(list) || list.length === 0) return null;
  return { conditions: list, variable: property(rules, 'variable') ?? null };
}

/**
 * Whether a call passes a binding's filter. `inputs` are the mapped values by variable id; a
 * binding without rules passes. Rules that do not compile let nothing through and say why.
 */
export function passesFilter(
  rules: unknown,
  inputs: ReadonlyMap<string, unknown>,
  document: FlowRequestDto,
  types: DataTypeResolver,
): FilterVerdict {
  const found = conditionsOf(rules);
  if (!found) return { pass: true };
  const variables = new Map<string, TypeRef>(
    (document.variables ?? []).map((v) => [
      v.id.toLowerCase(),
      { dataTypeId: v.dataType, isList: v.isList === true },
    ]),
  );
  const cases: RawParameter = {
    settingId: CONTROL_SETTING_IDS.Decisional.Cases,
    setting: null,
    value: [{ id: 0, actionId: RULE_TARGET, condition: found.conditions }],
    entries: readPlaceholderEntries(found.variable).entries,
  };
  const problems: string[] = [];
  const plan = compileDecisional(new Map([[cases.settingId, cases]]), {
    nodeId: RULE_NODE,
    outgoing: [{ id: RULE_TARGET, source: RULE_NODE, target: RULE_TARGET, kind: 'normal' }],
    defaultMarked: new Set(),
    actionExists: (id) => id === RULE_TARGET,
    scope: { variableType: (id) => variables.get(id.toLowerCase()), types },
    report: (message) => problems.push(message),
    reportSetting: (_settingId, message) => problems.push(message),
  });
  const rule = plan.cases[0];
  if (problems.length > 0 || !rule) return { pass: false, problems };
  const lookup = (variableId: string) => inputs.get(variableId.toLowerCase()) ?? null;
  const pass = evaluateConditions(rule.conditions, (operand: BoundValue) =>
    resolveBoundValue(operand, lookup),
  );
  return pass ? { pass: true } : { pass: false, problems: [] };
}
