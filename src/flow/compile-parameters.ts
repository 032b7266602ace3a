// Owns compiling one action's parameters (API.md §3.6): binding placeholders to variables,
// output bindings, mapping rows, template defaults, required settings and binding types.
import { DataTypeIds, isAssignable, type TypeRef } from '../domain/data-types/types.js';
import type { ParameterDto } from './flow.schema.js';
import { getProperty, isRecord, lowerGuid } from './json.js';
import type { MappingRow, PlanParameter } from './plan.js';
import {
  attributeChain,
  bindEntry,
  bindValue,
  singleReference,
  readPlaceholderEntries,
  renumberPlaceholders,
  singlePlaceholder,
  type BindingScope,
  type BoundValue,
  type PlaceholderEntry,
  type VariableReference,
} from './placeholders.js';
import {
  SettingDirections,
  StructuredSettingTypes,
  type ActionTemplate,
  type TemplateSetting,
} from './template-catalog.js';

export interface ParameterContext {
  scope: BindingScope;
  /** Reports a problem with one setting (502, target `<actionId>.<tabPropertyId>`). */
  report(settingId: string, message: string): void;
}

/** A parameter as read from the flow, before it is compiled. */
export interface RawParameter {
  settingId: string;
  setting: TemplateSetting | null;
  value: unknown;
  entries: PlaceholderEntry[];
}

const NO_PLACEHOLDERS: ReadonlyMap<number, VariableReference> = new Map();

const MAPPING_TYPES: ReadonlySet<string> = new Set([
  StructuredSettingTypes.MapProcessData,
  StructuredSettingTypes.ProcessInputs,
  StructuredSettingTypes.ProcessOutputs,
]);

export function literal(value: unknown): BoundValue {
  return { value, placeholders: NO_PLACEHOLDERS };
}

/** A setting value that counts as not given. */
export function isEmptyValue(value: unknown): boolean {
  return value === undefined || value === null || value === '';
}

/**
 * Reads an action's parameters, keyed by lower-case setting id. A setting given twice is
 * reported and the first value kept.
 */
export function readParameters(
  parameters: readonly ParameterDto[],
  template: ActionTemplate,
  context: ParameterContext,
): Map<string, RawParameter> {
  const settings = new Map(template.settings.map((s) => [lowerGuid(s.id), s]));
  const raw = new Map<string, RawParameter>();
  for (const parameter of parameters) {
    const settingId = lowerGuid(parameter.tabPropertyId);
    if (raw.has(settingId)) {
      context.report(settingId, 'The setting is given more than once.');
      continue;
    }
    const { entries, malformed } = readPlaceholderEntries(parameter.variable ?? []);
    for (const position of malformed)
      context.report(settingId, `Variable entry ${position} is not {id, variableId, attribute}.`);
    raw.set(settingId, {
      settingId,
      setting: settings.get(settingId) ?? null,
      value: parameter.value,
      entries,
    });
  }
  return raw;
}

/**
 * Compiles the parameters of one action. `structured` are the setting ids another compiler owns
 * (Decisional cases and default): they are kept verbatim, unbound. Template settings the flow
 * leaves out get their default value; required settings without a value are reported.
 */
export function compileParameters(
  raw: ReadonlyMap<string, RawParameter>,
  template: ActionTemplate,
  structured: ReadonlySet<string>,
  context: ParameterContext,
): Map<string, PlanParameter> {
  const compiled = new Map<string, PlanParameter>();
  for (const parameter of raw.values()) {
    compiled.set(
      parameter.settingId,
      structured.has(parameter.settingId)
        ? {
            settingId: parameter.settingId,
            setting: parameter.setting,
            input: literal(parameter.value),
            output: null,
            rows: null,
            fromDefault: false,
          }
        : compileParameter(parameter, context),
    );
  }
  for (const setting of template.settings) {
    const settingId = lowerGuid(setting.id);
    if (compiled.has(settingId)) continue;
    if (!isEmptyValue(setting.defaultValue)) {
      compiled.set(settingId, {
        settingId,
        setting,
        input: literal(setting.defaultValue),
        output: null,
        rows: null,
        fromDefault: true,
      });
    }
  }
  for (const setting of template.settings) {
    if (!setting.isRequired) continue;
    const settingId = lowerGuid(setting.id);
    const parameter = compiled.get(settingId);
    if (!parameter || isEmptyValue(parameter.input.value))
      context.report(settingId, `Required setting "${setting.name}" has no value.`);
  }
  return compiled;
}

function compileParameter(parameter: RawParameter, context: ParameterContext): PlanParameter {
  const { settingId, setting } = parameter;
  const report = (message: string) => context.report(settingId, message);
  const base = { settingId, setting, fromDefault: false };
  if (setting && MAPPING_TYPES.has(setting.type)) {
    return {
      ...base,
      input: literal(parameter.value),
      output: null,
      rows: compileRows(setting.type, parameter, context.scope, report),
    };
  }
  const { bound, errors } =
    setting?.type === StructuredSettingTypes.MapParameters && Array.isArray(parameter.value)
      ? bindParameterRows(parameter.value, parameter.entries, context.scope)
      : bindValue(parameter.value, parameter.entries, context.scope);
  errors.forEach(report);
  const direction = setting?.direction ?? SettingDirections.Input;
  const reference = singleReference(bound);
  let output: VariableReference | null = null;
  if (direction === SettingDirections.Output) {
    if (!isEmptyValue(parameter.value) && singlePlaceholder(parameter.value) === null)
      report('An output setting must name one variable as "<%N%>".');
    output = reference;
  } else if (direction === SettingDirections.InputOutput) {
    output = reference;
  }
  if (output) checkWritable(output, context.scope, report);
  if (setting && reference) checkSettingBinding(setting, direction, reference, report);
  return { ...base, input: bound, output, rows: null };
}

/**
 * Binds a `map-parameters` list (`[{id, source: {value, variable}, destination}]`). PROCESIO
 * keeps each row's variable entries inside its `source`, and rows may reuse the same `<%N%>`
 * for different variables, so each row is bound on its own (its entries first, then the
 * parameter-level ones) and its placeholders renumbered apart from the other rows'.
 */
function bindParameterRows(
  rows: readonly unknown[],
  parameterEntries: readonly PlaceholderEntry[],
  scope: BindingScope,
): { bound: BoundValue; errors: string[] } {
  const placeholders = new Map<number, VariableReference>();
  const errors: string[] = [];
  let next = 0;
  const value = rows.map((row, position) => {
    const source = isRecord(row) ? getProperty(row, 'source') : undefined;
    const own = isRecord(source) ? getProperty(source, 'variable') : undefined;
    const { entries, malformed } = readPlaceholderEntries(own ?? []);
    for (const entry of malformed)
      errors.push(`Row ${position}: variable entry ${entry} is not {id, variableId, attribute}.`);
    const rowBinding = bindValue(row, entries, scope, parameterEntries);
    errors.push(...rowBinding.errors.map((error) => `Row ${position}: ${error}`));
    const renumbered = new Map<number, number>();
    for (const [index, reference] of rowBinding.bound.placeholders) {
      renumbered.set(index, next);
      placeholders.set(next++, reference);
    }
    return renumberPlaceholders(row, (index) => renumbered.get(index) ?? index);
  });
  return { bound: { value, placeholders }, errors };
}

/**
 * An output path may not pass through a list (a list variable, or a list attribute before the
 * last step): there is no single element to write into.
 */
export function checkWritable(
  reference: VariableReference,
  scope: BindingScope,
  report: (message: string) => void,
) {
  if (reference.path.length === 0) return;
  const rootIsList = scope.variableType(reference.variableId)?.isList ?? false;
  if (rootIsList || reference.path.slice(0, -1).some((step) => step.isList))
    report('An output cannot be written through a list.');
}

/**
 * Settings typed Object or Json, and `any` settings, are PROCESIO's dynamic slots: they take a
 * value of any type, so only list against single is checked (a single Json variable may hold a
 * list). Every other setting follows the binding rules of §6.2.
 */
function checkSettingBinding(
  setting: TemplateSetting,
  direction: number,
  reference: VariableReference,
  report: (message: string) => void,
) {
  if (setting.dataTypeId === null) return;
  const settingType: TypeRef = { dataTypeId: setting.dataTypeId, isList: setting.isList };
  const fits = (from: TypeRef, to: TypeRef) =>
    isDynamic(setting) ? dynamicFits(settingType, reference.type) : isAssignable(from, to);
  const readOk = direction === SettingDirections.Output || fits(reference.type, settingType);
  const writeOk = direction === SettingDirections.Input || fits(settingType, reference.type);
  if (!readOk || !writeOk)
    report(`The variable's type does not match the type of setting "${setting.name}".`);
}

function isDynamic(setting: TemplateSetting): boolean {
  const type = setting.dataTypeId?.toLowerCase();
  return setting.type === 'any' || type === DataTypeIds.Object || type === DataTypeIds.Json;
}

function dynamicFits(setting: TypeRef, variable: TypeRef): boolean {
  if (!variable.isList && variable.dataTypeId.toLowerCase() === DataTypeIds.Json) return true;
  return setting.isList === variable.isList;
}

/**
 * The Map Data rule (`control-actions.md` §1): any value may go into a single String; otherwise
 * the binding rules of §6.2 apply.
 */
export function mapsInto(source: TypeRef, target: TypeRef): boolean {
  if (!target.isList && target.dataTypeId.toLowerCase() === DataTypeIds.String) return true;
  return isAssignable(source, target);
}

function compileRows(
  type: string,
  parameter: RawParameter,
  scope: BindingScope,
  report: (message: string) => void,
): MappingRow[] {
  if (isEmptyValue(parameter.value)) return [];
  if (!Array.isArray(parameter.value)) {
    report('The value must be a list of mapping rows.');
    return [];
  }
  const rows: MappingRow[] = [];
  parameter.value.forEach((item, position) => {
    const label = `Row ${position + 1}`;
    if (!isRecord(item)) {
      report(`${label} is not an object.`);
      return;
    }
    const source = getProperty(item, 'source');
    const destination = getProperty(item, 'destination');
    const row: MappingRow = {
      id: getProperty(item, 'id'),
      source: null,
      target: null,
      childVariable: null,
    };
    if (type === StructuredSettingTypes.ProcessOutputs) {
      row.childVariable = childSourceVariable(source);
      if (!row.childVariable) report(`${label} names no variable of the sub-process.`);
      row.target = bindDestination(destination, scope, `${label}: `, report);
    } else {
      row.source = bindSource(source, parameter.entries, scope, `${label}: `, report);
      if (type === StructuredSettingTypes.MapProcessData) {
        row.target = bindDestination(destination, scope, `${label}: `, report);
        const sourceReference = row.source ? singleReference(row.source) : null;
        if (row.target && sourceReference && !mapsInto(sourceReference.type, row.target.type))
          report(`${label}: the source's type cannot be mapped into the destination.`);
      } else {
        row.childVariable = variableOf(destination);
        if (!row.childVariable) report(`${label} names no variable of the sub-process.`);
      }
    }
    rows.push(row);
  });
  return rows;
}

function bindSource(
  source: unknown,
  fallback: readonly PlaceholderEntry[],
  scope: BindingScope,
  prefix: string,
  report: (message: string) => void,
): BoundValue | null {
  const value = isRecord(source) ? getProperty(source, 'value') : undefined;
  if (!isRecord(source) || isEmptyValue(value)) {
    report(`${prefix}the source is empty.`);
    return null;
  }
  const { entries } = readPlaceholderEntries(getProperty(source, 'variable'));
  const { bound, errors } = bindValue(value, entries, scope, fallback);
  errors.forEach((error) => report(prefix + error));
  return bound;
}

function bindDestination(
  destination: unknown,
  scope: BindingScope,
  prefix: string,
  report: (message: string) => void,
): VariableReference | null {
  const target = variableOf(destination);
  if (!target) {
    report(`${prefix}the destination names no variable.`);
    return null;
  }
  const reference = bindEntry({ index: 0, ...target }, scope);
  if ('error' in reference) {
    report(prefix + reference.error);
    return null;
  }
  checkWritable(reference, scope, (message) => report(prefix + message));
  return reference;
}

interface ChildVariable {
  variableId: string;
  attributeIds: readonly string[];
}

/** `{variableId, attribute}` → the variable and attribute ids, or null. */
function variableOf(value: unknown): ChildVariable | null {
  if (!isRecord(value)) return null;
  const variableId = getProperty(value, 'variableId');
  const attributeIds = attributeChain(getProperty(value, 'attribute'));
  if (typeof variableId !== 'string' || variableId === '' || attributeIds === null) return null;
  return { variableId: lowerGuid(variableId), attributeIds };
}

/** A process-outputs source: `{value: "<%N%>", variable: [entry N]}`, or a bare `{variableId}`. */
function childSourceVariable(source: unknown): ChildVariable | null {
  if (!isRecord(source)) return null;
  const direct = variableOf(source);
  if (direct) return direct;
  const index = singlePlaceholder(getProperty(source, 'value'));
  const { entries } = readPlaceholderEntries(getProperty(source, 'variable'));
  const entry =
    index !== null
      ? entries.find((e) => e.index === index)
      : entries.length === 1
        ? entries[0]
        : undefined;
  return entry ? { variableId: entry.variableId, attributeIds: entry.attributeIds } : null;
}
