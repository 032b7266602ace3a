// Owns the table layout as Kysely sees it. Column types are the union of what SQLite and
// PostgreSQL hand back; codec.ts turns them into domain values.
import type { ColumnType } from 'kysely';

/** Written as a Date, read as a Date (PostgreSQL) or an ISO-8601 string (SQLite). */
export type Timestamp = ColumnType<Date | string, Date, Date>;
export type NullableTimestamp = ColumnType<Date | string | null, Date | null, Date | null>;
/** Written as a boolean, read as a boolean (PostgreSQL) or 0/1 (SQLite). */
export type Bool = ColumnType<boolean | number, boolean, boolean>;
/** Written as JSON text, read as parsed JSON (PostgreSQL jsonb) or text (SQLite). */
export type Json = ColumnType<unknown, string, string>;

export interface RealmsTable {
  id: string;
  name: string;
  name_key: string;
  created_on: Timestamp;
}

export interface UsersTable {
  id: string;
  realm_id: string;
  user_name: string;
  user_name_key: string;
  email: string | null;
  email_key: string | null;
  first_name: string | null;
  last_name: string | null;
  password_hash: string;
  created_on: Timestamp;
  updated_on: Timestamp;
}

export interface WorkspacesTable {
  id: string;
  realm_id: string;
  name: string;
  name_key: string;
  type: number;
  owner_id: string | null;
  created_on: Timestamp;
}

export interface WorkspaceMembersTable {
  workspace_id: string;
  user_id: string;
  role: string;
  created_on: Timestamp;
}

export interface LoginsTable {
  id: string;
  user_id: string;
  created_on: Timestamp;
  expires_on: Timestamp;
  revoked_on: NullableTimestamp;
  revoked_reason: string | null;
}

export interface RefreshTokensTable {
  token_hash: string;
  login_id: string;
  issued_on: Timestamp;
  expires_on: Timestamp;
  retired_on: NullableTimestamp;
}

export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  expires_on: Timestamp;
  used_on: NullableTimestamp;
}

export interface ApiKeysTable {
  id: string;
  workspace_id: string;
  user_id: string;
  name: string;
  value_hash: string;
  created_on: Timestamp;
  last_accessed: NullableTimestamp;
}

export interface NodesTable {
  id: string;
  roles: string;
  host: string;
  pid: number;
  version: string;
  started_on: Timestamp;
  heartbeat_on: Timestamp;
  info: Json;
}

export interface WorkJobsTable {
  id: string;
  instance_id: string;
  run_at: Timestamp;
  attempts: number;
  claimed_by: string | null;
  lease_until: NullableTimestamp;
  created_on: Timestamp;
}

export interface InstancesTable {
  id: string;
  workspace_id: string;
  process_id: string;
  version: number;
  title: string;
  status: number;
  variables: Json;
  state: ColumnType<unknown, string | null, string | null>;
  errors: Json;
  current_action_id: string | null;
  parent_instance_id: string | null;
  parent_action_id: string | null;
  trigger_kind: string;
  trigger_name: string | null;
  created_by_id: string | null;
  created_on: Timestamp;
  updated_on: Timestamp;
  launched_on: NullableTimestamp;
  finished_on: NullableTimestamp;
  timeout_at: NullableTimestamp;
  stop_requested: Bool;
  time_consumed: ColumnType<number | string | bigint, number, number>;
  actions_consumed: number;
  lease_owner: string | null;
  lease_until: NullableTimestamp;
}

export interface ActionRunsTable {
  instance_id: string;
  action_id: string;
  iteration: number;
  status: number;
  attempts: number;
  started_on: Timestamp;
  finished_on: NullableTimestamp;
  inputs: ColumnType<unknown, string | null, string | null>;
  outputs: ColumnType<unknown, string | null, string | null>;
  error: ColumnType<unknown, string | null, string | null>;
  counted: Bool;
}

export interface ProcessesTable {
  id: string;
  workspace_id: string;
  title: string;
  /** Lower-case title: the search and order key. */
  title_key: string;
  description: string | null;
  parent_id: string | null;
  timeout: number;
  debug_mode: Bool;
  is_notification: Bool;
  active: Bool;
  is_valid: Bool;
  /** The current version: the newest row of process_versions. */
  version: number;
  flow: Json;
  created_on: Timestamp;
  created_by_id: string | null;
  created_by: string | null;
  updated_on: Timestamp;
  updated_by_id: string | null;
  updated_by: string | null;
}

export interface ProcessVersionsTable {
  process_id: string;
  workspace_id: string;
  version: number;
  flow: Json;
  is_valid: Bool;
  created_on: Timestamp;
  created_by_id: string | null;
}

export interface ProcessCallsTable {
  process_id: string;
  callee_id: string;
}

export interface DataModelsTable {
  id: string;
  workspace_id: string;
  name: string;
  /** Lower-case name: unique per workspace. */
  name_key: string;
  display_name: string;
  /** Lower-case display name: the order key. */
  display_key: string;
  is_public: Bool;
  type: number;
  created_on: Timestamp;
  created_by_id: string | null;
  created_by: string | null;
  updated_on: Timestamp;
  updated_by_id: string | null;
  updated_by: string | null;
}

export interface DataModelAttributesTable {
  model_id: string;
  id: string;
  workspace_id: string;
  position: number;
  name: string;
  name_key: string;
  display_name: string;
  data_type_id: string;
  is_list: Bool;
  json_property: string | null;
  updated_on: Timestamp;
}

export interface WorkspaceKeysTable {
  id: string;
  workspace_id: string;
  master_key_id: string;
  wrapped: string;
  created_on: Timestamp;
  updated_on: Timestamp;
}

export interface CredentialTemplatesTable {
  id: string;
  workspace_id: string;
  name: string;
  template: Json;
  created_on: Timestamp;
  created_by_id: string | null;
}

export interface CredentialsTable {
  id: string;
  workspace_id: string;
  template_id: string;
  name: string;
  /** Lower-case name: the search and order key. */
  name_key: string;
  description: string | null;
  status: Bool;
  properties: Json;
  created_on: Timestamp;
  created_by_id: string | null;
  created_by: string | null;
  updated_on: Timestamp;
  updated_by_id: string | null;
  updated_by: string | null;
}

export interface Tables {
  realms: RealmsTable;
  users: UsersTable;
  workspaces: WorkspacesTable;
  workspace_members: WorkspaceMembersTable;
  logins: LoginsTable;
  refresh_tokens: RefreshTokensTable;
  password_resets: PasswordResetsTable;
  api_keys: ApiKeysTable;
  nodes: NodesTable;
  work_jobs: WorkJobsTable;
  processes: ProcessesTable;
  process_versions: ProcessVersionsTable;
  process_calls: ProcessCallsTable;
  instances: InstancesTable;
  action_runs: ActionRunsTable;
  data_models: DataModelsTable;
  data_model_attributes: DataModelAttributesTable;
  data_model_generation: { id: number; generation: number };
  workspace_keys: WorkspaceKeysTable;
  credential_templates: CredentialTemplatesTable;
  credentials: CredentialsTable;
}
