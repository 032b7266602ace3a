// Owns the port through which the flow compiler reads action templates (API.md §9.2), and the
// PROCESIO ids of the control actions and settings the compiler and the engine give meaning to.

/** PROCESIO's TabPropertyDto `direction`: 1 input, 2 input the action may write back, 3 output. */
export type SettingDirection = 1 | 2 | 3;

export const SettingDirections = { Input: 1, InputOutput: 2, Output: 3 } as const;

/**
 * One configurable setting of a template, as a flow parameter refers to it by `id`. Side panels
 * only group settings: a catalogue lists their children here, never the panel itself.
 */
export interface TemplateSetting {
  /** The tabPropertyId. */
  id: string;
  name: string;
  /** The UI control type string (`text`, `datatype`, `decisional-case`, `map-process-data`…). */
  type: string;
  direction: SettingDirection;
  /** Data type of the value; null for credentials and special editors. */
  dataTypeId: string | null;
  isList: boolean;
  isRequired: boolean;
  /** Used when the flow gives no parameter for the setting (the catalogue stores strings). */
  defaultValue?: unknown;
  /** Designer hints served with the manifest (API.md §9.2); absent when the action gives none. */
  tooltip?: string;
  /** Editor language of a `code-editor` setting (`javascript`, `sql`, …). */
  language?: string;
  /** The credential template a `credentials` setting picks from (API.md §7.2). */
  credentialsTemplateId?: string;
  /** Choices of a `select`, `radio` or `verb` setting; the flow stores `value`. */
  options?: readonly { name: string; value: unknown }[];
  limits?: { min: number | null; max: number | null };
}

export type TemplateShape = 'square' | 'diamond' | 'area' | 'circle';

/** What a node with this `templateId` is: its ports and its settings. */
export interface ActionTemplate {
  id: string;
  name: string;
  shape: TemplateShape;
  /** Input edges allowed; -1 = any number, 0 = none (Start). */
  inputPorts: number;
  /** Output ports; -1 = any number (Decisional), 0 = none (Stop). */
  outputPorts: number;
  /** Whether a failure may be routed along an error edge (false for Start, Stop, Join, For Each). */
  hasErrorPort: boolean;
  settings: TemplateSetting[];
  /** Catalogue text served with the manifest; the catalogue supplies defaults when absent. */
  description?: string;
  icon?: string;
  tooltip?: string;
}

/**
 * The action catalogue of one workspace as the flow layer sees it. Lookups match template ids in
 * any case.
 */
export interface TemplateCatalog {
  get(templateId: string): ActionTemplate | undefined;
}

/**
 * Hands out the catalogue of one workspace: the shared platform actions plus the workspace's own
 * custom actions. Saves ask without deleted custom actions (a flow saved with one is invalid);
 * runs ask with them, so instances published before a delete keep running.
 */
export interface CatalogSource {
  catalogFor(workspaceId: string, options: { includeDeleted: boolean }): Promise<TemplateCatalog>;
}

/** Template ids of the actions whose behaviour belongs to the flow and engine (§3.7). */
export const CONTROL_TEMPLATE_IDS = {
  Start: 'c0e32108-6e3e-4ab8-96bd-cd61be6edb33',
  Stop: 'c0e32108-6e3e-4ab8-96bd-cd61be6edb34',
  Join: 'fb6a9d14-dd15-420d-a2b2-fc637c0c37c6',
  Decisional: 'f5dcbb04-253d-4061-99a1-9b2822c2e6d2',
  AiDecisional: '772aac51-73f5-471d-bf9f-f5099cb30001',
  ForEach: 'dbef0804-66a9-4f8f-872c-ece1b89b8fdb',
  CallSubprocess: 'c37e56fe-d924-4604-a86f-7c93f863fcdf',
  TriggerSubprocess: '615365f9-9ccb-dd46-85a6-af824b7be897',
  MapProcessData: 'f183b48e-25b0-4a28-b6ec-310344feaa18',
  Delay: 'c2e6bf3f-c6b6-45d9-a342-f0ad90a1049a',
  Throw: 'eec71c30-ba09-0f4a-ba18-97708fa12e84',
} as const;

/** Setting (tabPropertyId) ids of the control actions (`procesio/control-actions.md`). */
export const CONTROL_SETTING_IDS = {
  Decisional: {
    Cases: '11d4044a-8586-47f6-b3ce-1cae5da40f30',
    Default: '11d4044a-8586-47f6-b3ce-1cae5da40f45',
  },
  AiDecisional: {
    Cases: '772aac51-73f5-471d-bf9f-f5099cb30124',
    Default: '772aac51-73f5-471d-bf9f-f5099cb30125',
  },
  ForEach: {
    InList: '2d5f230f-a1df-4cb5-a0bf-13481fadae8b',
    Item: '57b5b1eb-f412-49e0-a08d-1deea055f8c7',
    Timeout: '56840518-ad1a-4dcd-a9e4-7eaae4df9db1',
    Index: '99e8766d-d6be-4948-8f57-1f141f61724e',
    StartTime: '9d2d3483-f04b-48ac-9dea-2ef7ae808b0d',
  },
  MapProcessData: {
    Rows: 'd7ffa148-c29b-4e33-bb32-0171f2fb5a56',
  },
  CallSubprocess: {
    Process: 'bc93d0be-98f6-42d6-b2ac-a782eadd79bf',
    StartedInstance: 'd2831844-54a5-42e7-a101-119e21a03fe2',
    Inputs: '62cdd318-b8d7-4d64-8a9c-577ec459045a',
    Outputs: 'd2831844-54a5-42e7-a101-119e21a03fe1',
  },
  TriggerSubprocess: {
    Process: '6824ee16-b6c4-a34e-bd21-f8136346af81',
    Inputs: '9823b4d9-7a0c-f945-b024-44ff35a95dab',
    InstanceId: 'bf97e355-8e64-154b-bf3c-4f7d3be111e9',
  },
  Delay: {
    Type: 'f1293589-6ede-4cc6-a04b-cc70e7084cb0',
    Value: '6d159186-5f36-424c-b7cf-16f4ce495b19',
    RuntimeAmount: '653664be-fa77-4603-a351-19b1828992db',
    RuntimeInterval: '39e94c36-7e40-4848-a70d-491478f3c85d',
    Until: 'fc63aed5-e473-4938-8ec8-7f3c8cda6d33',
  },
  Throw: {
    Message: '2ad4f219-4305-9c4b-afec-fb5c07b3e895',
  },
} as const;

/** The setting `type` strings whose values the compiler parses instead of treating as templates. */
export const StructuredSettingTypes = {
  DecisionalCases: 'decisional-case',
  AiDecisionalCases: 'ai-decisional-case',
  DecisionalDefault: 'decisional-default',
  MapProcessData: 'map-process-data',
  ProcessInputs: 'process-inputs',
  ProcessOutputs: 'process-outputs',
  FlowList: 'flow-list',
  MapParameters: 'map-parameters',
} as const;
