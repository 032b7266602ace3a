// Owns the wire shape of a PROCESIO flow document as received on POST/PUT /api/Projects and
// /api/Projects/validate (API.md §3.2–§3.6): TypeBox schemas for ajv and their static types.
import { Type, type Static, type TSchema } from '@sinclair/typebox';

// A pattern, not `format: 'uuid'`: the schema must validate the same way under any ajv setup,
// with or without ajv-formats, and `uuid` there also accepts a `urn:uuid:` prefix.
const GUID_PATTERN =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

function guid(description: string) {
  return Type.String({ pattern: GUID_PATTERN, description });
}

function nullable<T extends TSchema>(schema: T) {
  return Type.Union([schema, Type.Null()]);
}

/** Free-form JSON kept verbatim: property names inside are never rewritten or checked. */
function freeForm(description: string) {
  return Type.Unknown({ description });
}

/** Server-set or response-only fields: accepted on input and ignored. */
function ignoredOnInput(description: string) {
  return Type.Optional(Type.Unknown({ description: `${description} Ignored on input.` }));
}

/** `{attributeId, nextAttribute}`: a path into a data-model variable, one attribute per level. */
export interface VariableAttributeDto {
  attributeId: string;
  nextAttribute?: VariableAttributeDto | null;
}

// Unrolled rather than recursive: a recursive TypeBox schema carries an `$id`, and the same
// `$id` registered by several routes makes ajv refuse the second compilation. Models nest far
// less deeply than this; below the last level the chain is still accepted, unchecked.
const ATTRIBUTE_DEPTH = 8;

function attributeSchema(depth: number): TSchema {
  const next =
    depth === 0
      ? freeForm('Deeper attribute levels (not checked by the schema).')
      : nullable(attributeSchema(depth - 1));
  return Type.Object({
    attributeId: guid('Id of the data-model attribute.'),
    nextAttribute: Type.Optional(next),
  });
}

export const VariableAttribute = Type.Unsafe<VariableAttributeDto>(
  attributeSchema(ATTRIBUTE_DEPTH),
);

/** One `<%N%>` placeholder's binding (`ParameterVariableDto`). */
export const ParameterVariable = Type.Object({
  id: Type.Integer({ description: 'N of the `<%N%>` placeholder it fills.' }),
  variableId: guid('The process variable.'),
  attribute: Type.Optional(nullable(VariableAttribute)),
});
export type ParameterVariableDto = Static<typeof ParameterVariable>;

/** The value of one template setting of an action (`ParametersDto`, §3.6). */
export const Parameter = Type.Object({
  tabPropertyId: guid('The template setting (TabPropertyDto id) this parameter sets.'),
  variable: Type.Optional(nullable(Type.Array(ParameterVariable))),
  value: Type.Optional(
    freeForm('A literal, or a template with `<%N%>` placeholders; structured for some settings.'),
  ),
});
export type ParameterDto = Static<typeof Parameter>;

/** An edge, stored on its source action (`PortDto`, §3.5). */
export const Port = Type.Object({
  id: guid('Edge id, unique in the flow.'),
  flowId: Type.Optional(nullable(guid('The process id.'))),
  sourceId: Type.Optional(
    nullable(guid('The source action; null or the all-zero GUID for the entry port of Start.')),
  ),
  destinationId: guid('The target action.'),
  type: Type.Optional(
    Type.Union([Type.Literal(0), Type.Literal(1)], { description: '0 normal edge, 1 error edge.' }),
  ),
  state: Type.Optional(freeForm('Designer state, stored verbatim.')),
  data: Type.Optional(freeForm('Branch markers: `{"isDefault": "default" | "error"}`.')),
  errors: Type.Optional(freeForm('Designer data, stored verbatim.')),
  config: Type.Optional(freeForm('Designer data, stored verbatim.')),
});
export type PortDto = Static<typeof Port>;

/** A node of the flow (`ActionDto`, §3.4). */
export const Action = Type.Object({
  id: guid('Action id, unique in the flow.'),
  flowId: Type.Optional(nullable(guid('The process id.'))),
  templateId: guid('The action template: what the node does.'),
  parentId: Type.Optional(nullable(guid('The enclosing For Each, or null.'))),
  variableErrorId: Type.Optional(
    nullable(guid('The Error variable that receives this action’s error.')),
  ),
  status: ignoredOnInput('ActionStatus of an instance’s action.'),
  category: Type.Optional(nullable(Type.String())),
  actionName: Type.Optional(nullable(Type.String({ description: 'Node label.' }))),
  actionTemplateName: Type.Optional(nullable(Type.String())),
  ports: Type.Optional(nullable(Type.Array(Port, { description: 'Outgoing edges.' }))),
  parameters: Type.Optional(nullable(Type.Array(Parameter))),
  customData: Type.Optional(freeForm('Designer data, stored verbatim.')),
  isTestable: Type.Optional(nullable(Type.Boolean())),
  isDisabled: Type.Optional(
    nullable(Type.Boolean({ description: 'Skipped at run time; execution passes on.' })),
  ),
  breakPoint: Type.Optional(freeForm('Debugger data `{enabled}`, stored verbatim.')),
  testValues: Type.Optional(freeForm('Designer data, stored verbatim.')),
  events: Type.Optional(freeForm('Designer data, stored verbatim.')),
  errorMessage: ignoredOnInput('Error text of an instance’s action.'),
});
export type ActionDto = Static<typeof Action>;

/** A process variable (`VariableDto`, §3.3). */
export const Variable = Type.Object({
  id: guid('Variable id, unique in the flow.'),
  contextId: Type.Optional(nullable(Type.String())),
  dataType: guid('Data type id (§6).'),
  type: Type.Union([Type.Literal(10), Type.Literal(20), Type.Literal(30), Type.Literal(40)], {
    description: 'Orientation: 10 input, 20 process, 30 output, 40 system (treated as 20).',
  }),
  name: Type.String({ description: 'Payload and result key; unique case-insensitively.' }),
  defaultValue: Type.Optional(freeForm('Initial value, stored verbatim.')),
  isList: Type.Optional(nullable(Type.Boolean())),
  isError: Type.Optional(nullable(Type.Boolean())),
  isRequired: Type.Optional(nullable(Type.Boolean())),
});
export type VariableDto = Static<typeof Variable>;

/** A webhook bound to the process (§5.3). */
export const WebhookBinding = Type.Object({
  id: Type.Optional(nullable(guid('Binding id.'))),
  webhookId: guid('The webhook.'),
  webhookVariables: Type.Optional(
    nullable(
      Type.Array(
        Type.Object({
          variableId: guid('The input variable that receives the part.'),
          variableType: Type.Integer({ description: 'Header 1, Query 2, Body 3.' }),
        }),
      ),
    ),
  ),
  variableId: Type.Optional(nullable(guid('2023 bundles: a single Body binding.'))),
  isObsoleted: Type.Optional(nullable(Type.Boolean())),
  filterRules: Type.Optional(freeForm('Conditions with Decisional semantics, stored verbatim.')),
});
export type WebhookBindingDto = Static<typeof WebhookBinding>;

export const DataRetention = Type.Object({
  deleteOnSuccess: Type.Optional(
    Type.Integer({ description: 'Never 0, AtEndOfRuntime 1, AtMoveToHistory 2.' }),
  ),
  deleteOnError: Type.Optional(Type.Integer()),
  deleteOnStopped: Type.Optional(Type.Integer()),
});

const AUDIT_FIELDS = {
  firstName: ignoredOnInput('Audit.'),
  lastName: ignoredOnInput('Audit.'),
  workspaceId: ignoredOnInput('Audit.'),
  workspaceName: ignoredOnInput('Audit.'),
  createdBy: ignoredOnInput('Audit.'),
  updatedBy: ignoredOnInput('Audit.'),
  createdById: ignoredOnInput('Audit.'),
  updatedById: ignoredOnInput('Audit.'),
  createdOn: ignoredOnInput('Audit.'),
  updatedOn: ignoredOnInput('Audit.'),
};

/** The process definition as a client sends it (`FlowRequestDto`, §3.2). */
export const FlowRequest = Type.Object({
  id: Type.Optional(guid('Process id; generated when absent on create.')),
  parentId: Type.Optional(nullable(guid('Stored and echoed.'))),
  title: Type.String({ minLength: 1, maxLength: 256 }),
  description: Type.Optional(nullable(Type.String())),
  active: Type.Optional(nullable(Type.Boolean())),
  timeout: Type.Optional(
    nullable(Type.Integer({ minimum: 0, description: 'Seconds; 0 = no timeout.' })),
  ),
  debugMode: Type.Optional(nullable(Type.Boolean())),
  isNotification: Type.Optional(nullable(Type.Boolean())),
  variables: Type.Optional(nullable(Type.Array(Variable))),
  actions: Type.Optional(nullable(Type.Array(Action))),
  webhooks: Type.Optional(nullable(Type.Array(WebhookBinding))),
  customResponse: Type.Optional(
    freeForm('`{variable, value}` rendered for synchronous runs; echoed as received.'),
  ),
  dataRetention: Type.Optional(nullable(DataRetention)),
  canvasData: Type.Optional(freeForm('Designer viewport, stored verbatim.')),
  status: ignoredOnInput('FlowStatus.'),
  isValid: ignoredOnInput('Computed by Sluice.'),
  currentActionId: ignoredOnInput('Instances: the running action.'),
  version: ignoredOnInput('Response only.'),
  parentFlow: ignoredOnInput('Response only.'),
  ...AUDIT_FIELDS,
});
export type FlowRequestDto = Static<typeof FlowRequest>;
