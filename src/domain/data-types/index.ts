// The public face of the data-types library: type identities and binding rules, built-in models,
// payload value checks and custom model rules (API.md §6).
export {
  DataTypeIds,
  PRIMITIVES,
  isAssignable,
  isKnownType,
  isPrimitive,
  type DataModelAttribute,
  type DataModelDefinition,
  type DataTypeResolver,
  type TypeRef,
} from './types.js';
export {
  BUILTIN_MODELS,
  ERROR_MODEL,
  FILE_MODEL,
  SYSTEM_MODEL,
  builtinResolver,
  isBuiltinModel,
} from './builtin-models.js';
export {
  checkValue,
  emptyValue,
  type CheckResult,
  type JsonValue,
  type ValueProblem,
} from './check-value.js';
export {
  DATA_MODEL_NAME_PATTERN,
  modelsUsing,
  validateDataModel,
  type ModelProblem,
} from './model-rules.js';
