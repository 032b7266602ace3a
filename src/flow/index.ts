// The flow layer's public surface: the flow document schema, the template catalogue port, the
// compiler and its plan, and the placeholder functions the engine resolves values with.
export * from './flow.schema.js';
export * from './template-catalog.js';
export * from './plan.js';
export {
  compileFlow,
  nodeKindOf,
  ValidationCodes,
  type CompileOptions,
  type CompileResult,
} from './compile.js';
export {
  bindValue,
  placeholderIndices,
  readPlaceholderEntries,
  readPath,
  readReference,
  renderText,
  resolveAttributePath,
  resolveBoundValue,
  singlePlaceholder,
  singleReference,
  writeReference,
  type AttributeStep,
  type BindingScope,
  type BoundValue,
  type PlaceholderEntry,
  type VariableLookup,
  type VariableReference,
} from './placeholders.js';
