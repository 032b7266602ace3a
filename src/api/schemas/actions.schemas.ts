// Schemas of the action catalogue routes (API.md §9): the manifests (Simple/Detailed action
// template DTOs with their tabs and settings), folders, templates, operators, test runs, and the
// request bodies, each property matched case-insensitively by the request plumbing.
import { Type, type TSchema } from '@sinclair/typebox';
import { Action, Parameter, Variable } from '../../flow/flow.schema.js';
import { Guid } from './common.schemas.js';

const nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const optional = <T extends TSchema>(schema: T) => Type.Optional(nullable(schema));
const NullableString = nullable(Type.String());

export const TabProperty = Type.Object(
  {
    id: Type.String({ description: 'The tabPropertyId a flow parameter names.' }),
    name: Type.String({ description: 'The key a custom action reads or returns the value under.' }),
    dataTypeId: NullableString,
    label: Type.String(),
    tooltip: NullableString,
    type: Type.String({ description: 'Control type: text, number, datatype, credentials, …' }),
    language: NullableString,
    credentialsTemplateId: NullableString,
    value: Type.Unknown({ description: 'Default value.' }),
    options: Type.Array(Type.Unknown(), { description: '`[{name, value}]` of choice controls.' }),
    isRequired: Type.Boolean(),
    isList: Type.Boolean(),
    expects: NullableString,
    direction: Type.Integer({ description: '1 input, 2 input/output, 3 output.' }),
    rowId: Type.Integer(),
    columnId: Type.Integer(),
    columnSize: Type.Integer(),
    limits: Type.Unknown({ description: '`{min, max}` or null.' }),
    dependencies: Type.Array(Type.Unknown()),
    events: Type.Array(Type.Unknown()),
  },
  { description: 'TabPropertyDto: one setting.' },
);

export const ActionTab = Type.Object(
  {
    id: Type.String(),
    key: Type.String({ description: 'The same as id.' }),
    label: Type.String(),
    orderId: Type.Integer(),
    settings: Type.Array(TabProperty),
  },
  { description: 'ActionTabDto.' },
);

export const ActionManifest = Type.Object(
  {
    id: Guid,
    key: Type.String({ description: 'The template id, as PROCESIO names it.' }),
    name: Type.String(),
    description: NullableString,
    icon: Type.String(),
    shape: Type.String({ description: 'square, diamond, circle or area.' }),
    inputPorts: Type.Integer({ description: '-1 = any number.' }),
    outputPorts: Type.Integer({ description: '-1 = any number.' }),
    isProcesioAction: Type.Boolean({ description: 'A platform action (false: a custom action).' }),
    category: Type.String({ description: 'The family (platform) or the manifest’s category.' }),
    permissions: Type.Object({
      canDelete: Type.Boolean(),
      canAddFromToolbar: Type.Boolean(),
      canDuplicate: Type.Boolean(),
      canSaveActionAsTemplate: Type.Boolean(),
    }),
    isTestable: Type.Boolean(),
    isDebuggable: Type.Boolean(),
    isDisableable: Type.Boolean(),
    tooltip: NullableString,
    documentation: Type.Object({ url: NullableString, image: NullableString }),
    firstName: NullableString,
    lastName: NullableString,
    workspaceId: NullableString,
    createdBy: NullableString,
    updatedBy: NullableString,
    createdById: NullableString,
    updatedById: NullableString,
    createdOn: NullableString,
    configuration: Type.Optional(
      Type.Array(ActionTab, { description: 'DetailedActionTemplateDto only.' }),
    ),
    events: Type.Optional(Type.Array(Type.Unknown())),
    updatedOn: Type.Optional(NullableString),
  },
  {
    description:
      'SimpleActionTemplateDto; with `configuration`, `events` and `updatedOn` the DetailedActionTemplateDto.',
  },
);

export const ActionNode = Type.Object(
  {
    id: Guid,
    name: Type.String(),
    parentId: nullable(Guid),
    order: Type.Integer(),
    type: Type.Integer({ description: '1 = folder.' }),
    isProcesio: Type.Boolean({ description: 'A platform folder (read-only).' }),
    children: Type.Array(Type.Unknown(), { description: 'Sub-folders (ActionNodeDto).' }),
  },
  { description: 'ActionNodeDto: a folder.' },
);

export const ActionPrototype = Type.Object(
  {
    id: Guid,
    parentNodeId: nullable(Guid),
    name: Type.String(),
    icon: NullableString,
    isProcesio: Type.Boolean(),
    actionTemplate: Type.Unknown({ description: 'The pre-configured ActionDto, verbatim.' }),
  },
  { description: 'ActionPrototypeDto: a saved template.' },
);

export const CatalogueEnvelope = Type.Object({
  actions: Type.Array(ActionManifest),
  grouping: Type.Array(ActionNode),
  prototypes: Type.Array(ActionPrototype),
});

export const NodeContents = Type.Object({
  actions: Type.Array(ActionManifest),
  prototypes: Type.Array(ActionPrototype),
});

export const Operator = Type.Object({
  name: Type.String(),
  label: Type.String(),
  operatorType: Type.Integer({ description: '1 unary, 2 binary.' }),
});

export const IdAnswer = Type.Object({ id: Guid });

export const FullActionQuery = Type.Object({ getFullAction: Type.Optional(Type.Boolean()) });

export const ListQuery = Type.Object({
  actionFilter: Type.Optional(
    Type.String({ description: 'Case-insensitive substring of the name or description.' }),
  ),
  getFullAction: Type.Optional(Type.Boolean()),
});

export const NodeQuery = Type.Object({
  getFullAction: Type.Optional(Type.Boolean()),
  isCustom: Type.Optional(Type.Boolean()),
});

export const NodeHeaders = Type.Object({
  id: Type.Optional(Type.String({ description: 'The folder; absent = the root.' })),
});

export const UploadHeaders = Type.Object({
  name: Type.Optional(Type.String({ description: 'Display name (overrides the manifest).' })),
  path: Type.Optional(Type.String({ description: 'Icon (overrides the manifest).' })),
});

export const FolderBody = Type.Object({
  id: optional(Type.String({ description: 'The new folder’s id; generated when absent.' })),
  nodeId: optional(Type.String({ description: 'Alias of id.' })),
  name: optional(Type.String({ description: '1–64 characters, unique among siblings.' })),
  parentId: optional(Type.String({ description: 'A folder of the workspace; null = the root.' })),
  order: optional(Type.Integer()),
});

export const RenameBody = Type.Object({
  nodeId: optional(Type.String({ description: 'The folder.' })),
  id: optional(Type.String({ description: 'Alias of nodeId.' })),
  name: optional(Type.String({ description: '1–64 characters, unique among siblings.' })),
});

export const TemplateBody = Type.Object({
  id: optional(Type.String({ description: 'Generated when absent; an existing id is replaced.' })),
  parentNodeId: optional(Type.String({ description: 'A folder of the workspace, or null.' })),
  name: optional(Type.String()),
  icon: optional(Type.String()),
  isProcesio: optional(Type.Boolean({ description: 'Ignored: saved templates are never.' })),
  actionTemplate: optional(Action),
});

export const TestBody = Type.Object({
  gid: optional(Type.String({ description: 'The test id; generated when absent.' })),
  variables: optional(Type.Array(Variable)),
  testValues: optional(
    Type.Array(
      Type.Object({
        variableId: Type.String(),
        value: Type.Optional(Type.Unknown()),
        attribute: Type.Optional(Type.Unknown()),
      }),
    ),
  ),
  action: Type.Object({
    gtid: Type.String({ description: 'The template id of the action to test.' }),
    parameters: optional(Type.Array(Parameter)),
  }),
  connectionId: Type.Optional(Type.Unknown({ description: 'Accepted and ignored.' })),
});

export const TestStarted = Type.Object({
  id: Guid,
  status: Type.Integer({ description: '10: running.' }),
});

export const TestResult = Type.Object({
  id: Guid,
  status: Type.Integer({ description: 'ActionStatus: 10 running, 40 done, 90 error.' }),
  outputValues: Type.Array(
    Type.Object({
      propertyId: Type.String(),
      outputTarget: Type.Integer(),
      value: Type.Unknown(),
    }),
  ),
  variables: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), value: Type.Unknown() }),
  ),
  errorMessage: NullableString,
  errorCode: NullableString,
  startedOn: Type.String(),
  finishedOn: NullableString,
});
