// The API's shapes the console reads (API.md §1.5, §3, §4) and PROCESIO's numbers in words.

/** The pagination envelope (API.md §0.5). */
export interface Paged<T> {
  totalItemCount: number;
  pageNumber: number;
  pageItemCount: number;
  pageItems: T[];
}

export interface Workspace {
  id: string;
  workspace: string;
  /** 1 personal, 2 shared. */
  type: number;
  hasAccess: boolean;
}

export interface CurrentUser {
  id: string;
  userName: string;
  email: string | null;
  firstName: string | null;
  lastName: string | null;
}

/** A row of `GET /api/Projects`. */
export interface ProcessSummary {
  id: string;
  title: string;
  description: string | null;
  status: number;
  isValid: boolean;
  active: boolean;
  version: number;
  updatedOn: string;
  createdOn: string;
}

export interface ParameterVariable {
  id: number;
  variableId: string;
  attribute: unknown;
}

export interface FlowParameter {
  tabPropertyId: string;
  variable?: ParameterVariable[];
  value: unknown;
}

export interface FlowPort {
  id: string;
  sourceId: string;
  destinationId: string;
  /** 0 normal, 1 error. */
  type: number;
  data?: Record<string, unknown> | null;
}

export interface FlowAction {
  id: string;
  templateId: string;
  parentId?: string | null;
  actionName?: string | null;
  actionTemplateName?: string | null;
  isDisabled?: boolean;
  ports?: FlowPort[];
  parameters?: FlowParameter[];
  /** Instances: the action's ActionStatus and failure. */
  status?: number;
  errorMessage?: string | null;
}

export interface FlowVariable {
  id: string;
  name: string;
  dataType: string;
  /** VariableOrientation: 10 input, 20 process, 30 output, 40 system. */
  type: number;
  isList: boolean;
  isError?: boolean;
  isRequired?: boolean;
  defaultValue: unknown;
}

export interface Flow {
  id: string;
  title: string;
  description?: string | null;
  status: number;
  isValid: boolean;
  active: boolean;
  version?: number;
  timeout?: number;
  variables: FlowVariable[];
  actions: FlowAction[];
  createdOn?: string;
  updatedOn?: string;
}

/** A row of `GET /api/Projects/{id}/instances` (API.md §4.7). */
export interface InstanceRow {
  id: string;
  parentId: string;
  title: string;
  status: number;
  createdOn: string;
  updatedOn: string;
  timeConsumed: number | null;
  totalTimeConsumed: number | null;
  actionsConsumed: number | null;
  webhookName: string | null;
  scheduleName: string | null;
  version?: number;
}

/** An action of the instance document; the run fields are read when the server reports them. */
export interface InstanceAction extends FlowAction {
  startedOn?: string | null;
  finishedOn?: string | null;
  attempts?: number | null;
  inputs?: unknown;
  outputs?: unknown;
}

export interface InstanceDocument {
  id: string;
  parentId: string;
  title: string;
  status: number;
  version?: number;
  createdOn: string;
  updatedOn: string;
  timeConsumed: number | null;
  actionsConsumed: number | null;
  currentActionId: string | null;
  webhookName?: string | null;
  scheduleName?: string | null;
  parentFlow?: { parentId: string; actionId: string | null } | null;
  variables: FlowVariable[];
  actions?: InstanceAction[];
}

export interface RunError {
  actionId?: string;
  actionName?: string;
  message?: string;
}

/** The result envelope of a synchronous run and of the status route (API.md §4.6). */
export interface ResultEnvelope {
  instanceId: string;
  status: number;
  variable: Record<string, unknown>;
  error: RunError[];
}

export interface StatusAnswer extends ResultEnvelope {
  instance: InstanceDocument;
}

/** A row of `GET /api/Resources/analytics/instances/{id}/details` (API.md §11). */
export interface ActionTimes {
  actionId: string;
  actionName: string | null;
  totalRuns: number;
  totalTime: number;
  actionExecutionTime: number;
}

export interface DataType {
  id: string;
  name: string;
  displayName: string;
  isDataModel: boolean;
  /** PrimaryDataType: 10 Boolean, 20 Integer, 30 Float, 40 Double, 50 String, 90 DateTime, … */
  csharpCorrespondent: number;
}

/** FlowStatus (API.md §3.10) as words; definitions use 1 (active) and 5 (inactive). */
export const INSTANCE_STATUS: Record<number, string> = {
  1: 'Published',
  5: 'Inactive',
  6: 'Stopped',
  15: 'Initializing',
  20: 'Queued',
  30: 'Running',
  40: 'Failed',
  45: 'At breakpoint',
  50: 'Finished',
  60: 'Waiting',
};

export const TERMINAL_STATUSES: readonly number[] = [6, 40, 50];

/** The statuses a "Running" filter means: launched and not yet ended. */
export const ACTIVE_STATUSES: readonly number[] = [15, 20, 30, 45, 60];

export const ACTION_STATUS: Record<number, string> = {
  1: 'Not run',
  10: 'Starting',
  15: 'Inputs ready',
  20: 'Executed',
  30: 'Iteration done',
  35: 'Sub-process running',
  36: 'Sub-process ended',
  40: 'Done',
  90: 'Error',
};

export const VARIABLE_ORIENTATION: Record<number, string> = {
  10: 'Input',
  20: 'Process',
  30: 'Output',
  40: 'System',
};

export const INPUT = 10;
export const OUTPUT = 30;

export function instanceStatusName(status: number): string {
  return INSTANCE_STATUS[status] ?? `Status ${status}`;
}

export function actionStatusName(status: number | undefined): string {
  return status === undefined ? '—' : (ACTION_STATUS[status] ?? `Status ${status}`);
}

/** A tone for a status badge: how the state reads at a glance. */
export function instanceTone(status: number): 'ok' | 'bad' | 'busy' | 'idle' {
  if (status === 50) return 'ok';
  if (status === 40) return 'bad';
  if (status === 6 || status === 1 || status === 5) return 'idle';
  return 'busy';
}

export function actionTone(status: number | undefined): 'ok' | 'bad' | 'busy' | 'idle' {
  if (status === undefined || status === 1) return 'idle';
  if (status === 90) return 'bad';
  if (status === 40 || status === 20 || status === 36 || status === 30) return 'ok';
  return 'busy';
}

/** Control-action template ids (API.md §3.7), for drawing them apart from ordinary actions. */
export const TEMPLATES = {
  start: 'c0e32108-6e3e-4ab8-96bd-cd61be6edb33',
  stop: 'c0e32108-6e3e-4ab8-96bd-cd61be6edb34',
  join: 'fb6a9d14-dd15-420d-a2b2-fc637c0c37c6',
  decisional: 'f5dcbb04-253d-4061-99a1-9b2822c2e6d2',
  forEach: 'dbef0804-66a9-4f8f-872c-ece1b89b8fdb',
} as const;

export const FILE_DATA_TYPE = '10c6ac59-3929-49e6-99dc-121212121219';
export const NIL_GUID = '00000000-0000-0000-0000-000000000000';

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${seconds} s`;
}

/** A value as the console shows it: strings bare, everything else as JSON. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined) return '—';
  // An empty string is a value, unlike null: show it as one.
  if (value === '') return '""';
  if (typeof value === 'string') return value;
  return JSON.stringify(value, null, 2);
}

/** A random UUID; `crypto.randomUUID` exists only in secure contexts (not plain HTTP to a LAN host). */
export function newGuid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6]! & 0x0f) | 0x40;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
