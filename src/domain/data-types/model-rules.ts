// Owns the rules a custom data model definition must follow (API.md §6.3): names, display names,
// attribute types, no model containing itself, and which models use a given one.
import { BUILTIN_MODELS } from './builtin-models.js';
import { PRIMITIVES, isKnownType, isPrimitive } from './types.js';
import type { DataModelDefinition, DataTypeResolver } from './types.js';

/** One rule a definition breaks; `target` is the field: `name`, `attributes[1].name`, … */
export interface ModelProblem {
  target: string;
  message: string;
}

/** Model and attribute names: a letter, then letters, digits or underscores, 64 at most. */
export const DATA_MODEL_NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

const MAX_DISPLAY_NAME = 128;

/** Route words that would make `GET /api/DataTypes/{name}` ambiguous (§6.4). */
const RESERVED_WORDS = ['primary', 'procesio', 'count', 'restricted'];

/**
 * Names a custom model may not take: the primitives, both names of every built-in model, and the
 * designer's Date, Relationship and Time (§6.1), which a user would otherwise mistake for them.
 */
const BUILTIN_TYPE_NAMES = new Set(
  [
    ...PRIMITIVES.map((p) => p.name),
    ...BUILTIN_MODELS.flatMap((m) => [m.name, m.displayName]),
    'Date',
    'Relationship',
    'Time',
  ].map((name) => name.toLowerCase()),
);

const NAME_RULE =
  'must start with a letter and contain only letters, digits and underscores (64 at most)';

/**
 * Every rule `model` breaks, in field order; empty when it is valid. `resolver` supplies the
 * other models its attributes use; a stored version of `model` itself is ignored in favour of
 * the definition given. Uniqueness of the name within the workspace is the caller's check.
 */
export function validateDataModel(
  model: DataModelDefinition,
  resolver: DataTypeResolver,
): ModelProblem[] {
  const problems: ModelProblem[] = [];
  const name = model.name.toLowerCase();
  if (!DATA_MODEL_NAME_PATTERN.test(model.name)) {
    problems.push({ target: 'name', message: `Name ${NAME_RULE}.` });
  } else if (BUILTIN_TYPE_NAMES.has(name)) {
    problems.push({ target: 'name', message: `"${model.name}" is the name of a built-in type.` });
  } else if (RESERVED_WORDS.includes(name)) {
    problems.push({ target: 'name', message: `"${model.name}" is a reserved word.` });
  }

  const displayLength = [...model.displayName].length;
  if (model.displayName.trim() === '' || displayLength > MAX_DISPLAY_NAME) {
    problems.push({
      target: 'displayName',
      message: `Display name must be 1 to ${MAX_DISPLAY_NAME} characters and not blank.`,
    });
  }

  const firstByName = new Map<string, number>();
  model.attributes.forEach((attribute, index) => {
    const at = `attributes[${index}]`;
    if (!DATA_MODEL_NAME_PATTERN.test(attribute.name)) {
      problems.push({ target: `${at}.name`, message: `Attribute name ${NAME_RULE}.` });
    } else {
      const key = attribute.name.toLowerCase();
      const first = firstByName.get(key);
      if (first === undefined) {
        firstByName.set(key, index);
      } else {
        problems.push({
          target: `${at}.name`,
          message: `Attribute name "${attribute.name}" is already used by attributes[${first}].`,
        });
      }
    }

    if (
      attribute.displayName !== undefined &&
      [...attribute.displayName].length > MAX_DISPLAY_NAME
    ) {
      problems.push({
        target: `${at}.displayName`,
        message: `Attribute display name must be at most ${MAX_DISPLAY_NAME} characters.`,
      });
    }

    const typeId = attribute.dataTypeId.toLowerCase();
    const chain = containmentChain(typeId, model, resolver);
    if (chain !== undefined) {
      problems.push({
        target: `${at}.dataTypeId`,
        message: `A model may not contain itself: ${[model.name, ...chain].join(' → ')}.`,
      });
    } else if (!isKnownType(typeId, resolver)) {
      problems.push({
        target: `${at}.dataTypeId`,
        message: `Unknown data type ${attribute.dataTypeId}.`,
      });
    }
  });
  return problems;
}

/**
 * The ids of the models among `models` with an attribute of type `modelId` (direct use only,
 * the model itself excluded), each once, in the order given: who blocks deleting `modelId`.
 */
export function modelsUsing(modelId: string, models: Iterable<DataModelDefinition>): string[] {
  const target = modelId.toLowerCase();
  const users: string[] = [];
  for (const model of models) {
    const id = model.id.toLowerCase();
    if (id === target || users.some((user) => user.toLowerCase() === id)) continue;
    if (model.attributes.some((a) => a.dataTypeId.toLowerCase() === target)) users.push(model.id);
  }
  return users;
}

/**
 * The names of the models leading from type `typeId` back to `self`, ending with `self`'s name,
 * or undefined when `typeId` never leads there. Each model is expanded once, so cycles among
 * other models cannot loop.
 */
function containmentChain(
  typeId: string,
  self: DataModelDefinition,
  resolver: DataTypeResolver,
): string[] | undefined {
  const selfId = self.id.toLowerCase();
  const expanded = new Set<string>();
  const walk = (id: string): string[] | undefined => {
    // A model still without an id (about to be created) cannot be referenced yet.
    if (selfId !== '' && id === selfId) return [self.name];
    if (isPrimitive(id) || expanded.has(id)) return undefined;
    expanded.add(id);
    const definition = resolver.model(id);
    if (definition === undefined) return undefined;
    for (const attribute of definition.attributes) {
      const rest = walk(attribute.dataTypeId.toLowerCase());
      if (rest !== undefined) return [definition.name, ...rest];
    }
    return undefined;
  };
  return walk(typeId);
}
