// Owns PROCESIO's `<%N%>` placeholders (API.md §3.6): binding them to variables and attribute
// paths, reading input values with them, and writing action results through output bindings.
import type { DataTypeResolver, TypeRef } from '../domain/data-types/types.js';
import { getProperty, isRecord, lowerGuid } from './json.js';

/** One attribute step of a path into a data-model value: found by `id`, read by `name`. */
export interface AttributeStep {
  id: string;
  name: string;
  isList: boolean;
}

/**
 * A variable, or an attribute inside a data-model variable. `type` is the type of the value it
 * denotes: a read through a list (a list variable, or a list attribute before the last step)
 * projects over the elements and yields one flat list.
 */
export interface VariableReference {
  variableId: string;
  path: readonly AttributeStep[];
  type: TypeRef;
}

/** A setting value as stored, with the variables its placeholders stand for. */
export interface BoundValue {
  value: unknown;
  placeholders: ReadonlyMap<number, VariableReference>;
}

/** One `variable[]` entry as written in the flow: `{id: N, variableId, attribute}`. */
export interface PlaceholderEntry {
  index: number;
  variableId: string;
  attributeIds: readonly string[];
}

/** Where a bound value's variables come from while binding. */
export interface BindingScope {
  /** The type of a process variable, or undefined when the flow has none with that id. */
  variableType(variableId: string): TypeRef | undefined;
  types: DataTypeResolver;
}

/** The current value of a process variable (undefined reads as null). */
export type VariableLookup = (variableId: string) => unknown;

const PLACEHOLDER = /<%(\d+)%>/g;
const SINGLE_PLACEHOLDER = /^<%(\d+)%>$/;

/** N of a value that is exactly one placeholder (`"<%0%>"`), else null. */
export function singlePlaceholder(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const match = SINGLE_PLACEHOLDER.exec(value);
  return match ? Number(match[1]) : null;
}

/** The value with every `<%N%>` in its strings (nested ones too) renumbered by `renumber`. */
export function renumberPlaceholders(value: unknown, renumber: (index: number) => number): unknown {
  if (typeof value === 'string')
    return value.replace(PLACEHOLDER, (_, index: string) => `<%${renumber(Number(index))}%>`);
  if (Array.isArray(value)) return value.map((item) => renumberPlaceholders(item, renumber));
  if (isRecord(value))
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, renumberPlaceholders(item, renumber)]),
    );
  return value;
}

/** Every N used in a value, in order of first appearance; strings nested in objects and lists count. */
export function placeholderIndices(value: unknown): number[] {
  const found = new Set<number>();
  const visit = (node: unknown): void => {
    if (typeof node === 'string') {
      for (const match of node.matchAll(PLACEHOLDER)) found.add(Number(match[1]));
    } else if (Array.isArray(node)) {
      node.forEach(visit);
    } else if (isRecord(node)) {
      Object.values(node).forEach(visit);
    }
  };
  visit(value);
  return [...found];
}

/** The attribute ids of a `{attributeId, nextAttribute}` chain, outermost first. */
export function attributeChain(attribute: unknown): string[] | null {
  const ids: string[] = [];
  let current = attribute;
  while (current !== null && current !== undefined) {
    if (!isRecord(current)) return null;
    const id = getProperty(current, 'attributeId');
    if (typeof id !== 'string' || id === '') return null;
    ids.push(lowerGuid(id));
    current = getProperty(current, 'nextAttribute');
  }
  return ids;
}

/**
 * Reads a `variable[]` list. Property names match in any case because these lists also sit
 * inside free-form values (Decisional operands, mapping rows) that the API never normalises.
 * Entries that are not `{id: integer, variableId: string}` are reported by position.
 */
export function readPlaceholderEntries(list: unknown): {
  entries: PlaceholderEntry[];
  malformed: number[];
} {
  const entries: PlaceholderEntry[] = [];
  const malformed: number[] = [];
  const items = Array.isArray(list) ? list : isRecord(list) ? [list] : [];
  items.forEach((item, position) => {
    const index = isRecord(item) ? getProperty(item, 'id') : undefined;
    const variableId = isRecord(item) ? getProperty(item, 'variableId') : undefined;
    const attributeIds = isRecord(item) ? attributeChain(getProperty(item, 'attribute')) : null;
    if (
      typeof index !== 'number' ||
      !Number.isInteger(index) ||
      typeof variableId !== 'string' ||
      variableId === '' ||
      attributeIds === null
    ) {
      malformed.push(position);
      return;
    }
    entries.push({ index, variableId: lowerGuid(variableId), attributeIds });
  });
  return { entries, malformed };
}

/**
 * Follows attribute ids from a variable's type through the data models. Fails with a message
 * when an id is not an attribute of the model reached at that step.
 */
export function resolveAttributePath(
  root: TypeRef,
  attributeIds: readonly string[],
  types: DataTypeResolver,
): { path: AttributeStep[]; type: TypeRef } | { error: string } {
  const path: AttributeStep[] = [];
  let dataTypeId = root.dataTypeId.toLowerCase();
  let isList = root.isList;
  for (const attributeId of attributeIds) {
    const model = types.model(dataTypeId);
    if (!model)
      return { error: `Attribute ${attributeId} is read from a value that has no attributes.` };
    const attribute = model.attributes.find((a) => a.id.toLowerCase() === attributeId);
    if (!attribute) return { error: `Attribute ${attributeId} does not exist in ${model.name}.` };
    path.push({ id: attributeId, name: attribute.name, isList: attribute.isList });
    dataTypeId = attribute.dataTypeId.toLowerCase();
    isList = isList || attribute.isList;
  }
  return { path, type: { dataTypeId, isList } };
}

/** Binds one variable entry within a scope, or says why it cannot be bound. */
export function bindEntry(
  entry: PlaceholderEntry,
  scope: BindingScope,
): VariableReference | { error: string } {
  const root = scope.variableType(entry.variableId);
  if (!root) return { error: `Variable ${entry.variableId} does not exist.` };
  const resolved = resolveAttributePath(root, entry.attributeIds, scope.types);
  if ('error' in resolved) return resolved;
  return { variableId: entry.variableId, path: resolved.path, type: resolved.type };
}

/**
 * Binds the placeholders of `value` to the entries of its own `variable[]` list, falling back to
 * `fallback` (the parameter-level list, for values nested in a structured parameter). Only the
 * entries a placeholder uses are bound; the others have no effect and are not checked.
 */
export function bindValue(
  value: unknown,
  entries: readonly PlaceholderEntry[],
  scope: BindingScope,
  fallback: readonly PlaceholderEntry[] = [],
): { bound: BoundValue; errors: string[] } {
  const errors: string[] = [];
  const placeholders = new Map<number, VariableReference>();
  for (const index of placeholderIndices(value)) {
    const own = entries.filter((e) => e.index === index);
    const candidates = own.length > 0 ? own : fallback.filter((e) => e.index === index);
    const [entry, ...others] = candidates;
    if (!entry) {
      errors.push(`Placeholder <%${index}%> has no variable entry.`);
      continue;
    }
    if (others.some((other) => !sameEntry(other, entry))) {
      errors.push(`Placeholder <%${index}%> has several different variable entries.`);
      continue;
    }
    const reference = bindEntry(entry, scope);
    if ('error' in reference) errors.push(`Placeholder <%${index}%>: ${reference.error}`);
    else placeholders.set(index, reference);
  }
  return { bound: { value, placeholders }, errors };
}

function sameEntry(a: PlaceholderEntry, b: PlaceholderEntry): boolean {
  return (
    a.variableId === b.variableId &&
    a.attributeIds.length === b.attributeIds.length &&
    a.attributeIds.every((id, i) => id === b.attributeIds[i])
  );
}

/**
 * Reads a value along an attribute path by attribute name (exact, else case-insensitive). A
 * missing attribute or a non-object reads as null; a list projects over its elements and the
 * results are flattened into one list.
 */
export function readPath(value: unknown, path: readonly AttributeStep[]): unknown {
  if (path.length === 0) return value ?? null;
  if (Array.isArray(value)) {
    return value.flatMap((element) => {
      const read = readPath(element, path);
      return Array.isArray(read) ? read : [read];
    });
  }
  if (!isRecord(value)) return null;
  const [step, ...rest] = path as [AttributeStep, ...AttributeStep[]];
  return readPath(getProperty(value, step.name), rest);
}

/** The current value a reference denotes. */
export function readReference(reference: VariableReference, lookup: VariableLookup): unknown {
  return readPath(lookup(reference.variableId), reference.path);
}

/** Textual substitution: strings unquoted, null as "", anything else as JSON text. */
export function renderText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? '';
}

/**
 * Resolves an input value. A string that is exactly one placeholder becomes the variable's value
 * with its own type; any other string gets every placeholder replaced textually. Objects and
 * lists are resolved string by string at every depth, so structured settings (request
 * parameters, mapping rows) keep their shape.
 */
export function resolveBoundValue(bound: BoundValue, lookup: VariableLookup): unknown {
  const resolve = (node: unknown): unknown => {
    if (typeof node === 'string') return resolveString(node, bound.placeholders, lookup);
    if (Array.isArray(node)) return node.map(resolve);
    if (isRecord(node)) {
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) out[key] = resolve(child);
      return out;
    }
    return node;
  };
  return resolve(bound.value);
}

function resolveString(
  text: string,
  placeholders: ReadonlyMap<number, VariableReference>,
  lookup: VariableLookup,
): unknown {
  const read = (index: number): unknown => {
    const reference = placeholders.get(index);
    return reference ? readReference(reference, lookup) : null;
  };
  const single = singlePlaceholder(text);
  if (single !== null) return read(single);
  return text.replace(PLACEHOLDER, (_match, n: string) => renderText(read(Number(n))));
}

/**
 * The variable (and attribute path) named by a value of exactly one placeholder: where an output
 * setting writes, or what an input reads with its own type. Null for any other value.
 */
export function singleReference(bound: BoundValue): VariableReference | null {
  const index = singlePlaceholder(bound.value);
  return index === null ? null : (bound.placeholders.get(index) ?? null);
}

/**
 * The new value of the output's variable after writing `result` through its path: the variable's
 * own value is replaced, or a copy of the model value is made with the nested attribute set
 * (intermediate objects are created when missing). The current value is never mutated.
 */
export function writeReference(
  reference: VariableReference,
  current: unknown,
  result: unknown,
): unknown {
  return writePath(current, reference.path, result);
}

function writePath(current: unknown, path: readonly AttributeStep[], result: unknown): unknown {
  if (path.length === 0) return result;
  const [step, ...rest] = path as [AttributeStep, ...AttributeStep[]];
  const base: Record<string, unknown> = isRecord(current) ? { ...current } : {};
  // Keep the spelling the value already uses, so a case-insensitive match updates in place.
  const key =
    Object.keys(base).find((k) => k === step.name) ??
    Object.keys(base).find((k) => k.toLowerCase() === step.name.toLowerCase()) ??
    step.name;
  base[key] = writePath(base[key], rest, result);
  return base;
}
