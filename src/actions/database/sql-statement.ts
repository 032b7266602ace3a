// Owns the one implementation behind Execute Query and Execute Command, old templates included:
// the settings each id set names, how the "Parameters config tab" binds values to `@name`s, the
// time limit, and the run itself through the SQL connector (failures as ActionErrors).
import { ConnectorError } from '../../connectors/connection.js';
import { runSql, type SqlParameter } from '../../connectors/sql.js';
import { TemplateIds } from '../../credentials/templates.js';
import { DataTypeIds } from '../../domain/data-types/types.js';
import {
  SettingDirections,
  type ActionTemplate,
  type TemplateSetting,
} from '../../flow/template-catalog.js';
import { ActionError, type ActionDefinition } from '../action.js';
import { invalidInput, readNumber, readText, type Inputs } from '../inputs.js';
import { actionTemplate, setting } from '../template-builders.js';

/** What the statement's result becomes: the rows (Execute Query) or the affected-row count. */
export type SqlOutputKind = 'rows' | 'affectedRows';

/** The setting ids of one SQL template (PROCESIO's, per version). */
export interface SqlActionIds {
  Template: string;
  Credential: string;
  Statement: string;
  /** The "Parameters config tab"; the old templates have none. */
  Parameters?: string;
  /** "Time Out" / "Timeout" in seconds; Execute Query V1 has none. */
  Timeout?: string;
  Output: string;
}

export interface SqlActionSpec {
  ids: SqlActionIds;
  name: string;
  /** The label of the credential setting ("Select Database Server" or "Select SQL credentials"). */
  credentialLabel: string;
  /** "Query" or "Command", and the data type PROCESIO gives it. */
  statementLabel: string;
  statementType: string;
  /** The label of the time limit setting ("Time Out" or "Timeout"). */
  timeoutLabel?: string;
  /** The default PROCESIO's template stores for it (V2 and Command V1 only). */
  timeoutDefault?: string;
  /** The limits PROCESIO's designer applies to it (the current templates only). */
  timeoutLimits?: { min: number; max: number };
  output: SqlOutputKind;
  /** The data type of the Output setting (Object for rows and for Execute Command V1's count). */
  outputType: string;
}

/** Seconds a statement may run unless its time limit says otherwise (PROCESIO's V2 default). */
export const DEFAULT_TIMEOUT_SECONDS = 100;
/** PROCESIO's upper limit for "Time Out". */
export const MAX_TIMEOUT_SECONDS = 1800;

const { Input, Output } = SettingDirections;
const PARAMETER_NAME = /^@?[A-Za-z_][A-Za-z0-9_]*$/;

/** A setting with the designer hints the catalogue serves (credential kind, editor, limits). */
function hinted(base: TemplateSetting, hints: Partial<TemplateSetting>): TemplateSetting {
  return Object.freeze({ ...base, ...hints });
}

function settingsOf(spec: SqlActionSpec) {
  const { ids } = spec;
  const required = { isRequired: true } as const;
  return {
    credential: hinted(
      setting(ids.Credential, spec.credentialLabel, 'credentials', Input, null, required),
      { credentialsTemplateId: TemplateIds.Sql },
    ),
    statement: hinted(
      setting(
        ids.Statement,
        spec.statementLabel,
        'code-editor',
        Input,
        spec.statementType,
        required,
      ),
      { language: 'sql' },
    ),
    parameters: ids.Parameters
      ? setting(ids.Parameters, 'Parameters config tab', 'map-parameters', Input, null)
      : null,
    timeout: ids.Timeout
      ? hinted(
          setting(
            ids.Timeout,
            spec.timeoutLabel ?? 'Time Out',
            'number',
            Input,
            DataTypeIds.Integer,
            {
              isRequired: true,
              ...(spec.timeoutDefault ? { defaultValue: spec.timeoutDefault } : {}),
            },
          ),
          spec.timeoutLimits ? { limits: spec.timeoutLimits } : {},
        )
      : null,
    output: setting(
      ids.Output,
      'Output',
      spec.output === 'rows' ? 'any' : 'number',
      Output,
      spec.outputType,
      { isRequired: true, isList: spec.output === 'rows' },
    ),
  };
}

/**
 * The values the "Parameters config tab" binds, by name. PROCESIO's rows
 * `[{id, source: {value, variable}, destination: {value: "name", variable: []}}]` (the source
 * already resolved to its variable's value), the designer's `[{destination: "name", source}]`, an
 * object `{"name": value}`, or either as JSON text. A name may start with `@`.
 */
export function readSqlParameters(
  inputs: Inputs,
  parametersSetting: TemplateSetting,
): SqlParameter[] {
  let value = inputs[parametersSetting.id];
  if (typeof value === 'string') {
    if (value.trim() === '') return [];
    try {
      value = JSON.parse(value);
    } catch {
      throw invalidInput(parametersSetting, 'must be a list of parameter rows.');
    }
  }
  if (value === null || value === undefined) return [];
  const entries: [unknown, unknown][] = [];
  if (Array.isArray(value)) {
    for (const row of value) {
      if (!row || typeof row !== 'object' || Array.isArray(row)) {
        entries.push([undefined, undefined]);
        continue;
      }
      const { source, destination } = row as { source?: unknown; destination?: unknown };
      entries.push([valueOf(destination), valueOf(source)]);
    }
  } else if (typeof value === 'object') {
    entries.push(...Object.entries(value));
  } else {
    throw invalidInput(parametersSetting, 'must be a list of parameter rows.');
  }
  const seen = new Set<string>();
  return entries.map(([name, bound], index) => {
    if (typeof name !== 'string' || !PARAMETER_NAME.test(name.trim()))
      throw invalidInput(
        parametersSetting,
        `row ${index + 1} names no parameter (a name such as "customerId" for @customerId).`,
      );
    const key = name.trim().replace(/^@/, '');
    if (seen.has(key.toLowerCase()))
      throw invalidInput(parametersSetting, `binds @${key} more than once.`);
    seen.add(key.toLowerCase());
    return { name: key, value: bound };
  });
}

/** `{value: x}` → x (a row's source or destination); anything else as it is. */
function valueOf(side: unknown): unknown {
  if (side && typeof side === 'object' && !Array.isArray(side) && 'value' in side)
    return (side as { value: unknown }).value;
  return side;
}

/** The time limit in seconds: empty, 0 or less mean the default; above the maximum is refused. */
function readTimeoutSeconds(inputs: Inputs, timeout: TemplateSetting | null): number {
  if (!timeout) return DEFAULT_TIMEOUT_SECONDS;
  const seconds = readNumber(inputs, timeout, DEFAULT_TIMEOUT_SECONDS);
  if (seconds <= 0) return DEFAULT_TIMEOUT_SECONDS;
  if (seconds > MAX_TIMEOUT_SECONDS)
    throw invalidInput(timeout, `must be at most ${MAX_TIMEOUT_SECONDS} seconds; got ${seconds}.`);
  return seconds;
}

/** One SQL action: a template from `spec`, run through the SQL connector. */
export function sqlAction(spec: SqlActionSpec): ActionDefinition {
  const settings = settingsOf(spec);
  const template: ActionTemplate = actionTemplate(
    spec.ids.Template,
    spec.name,
    [
      settings.credential,
      settings.statement,
      settings.parameters,
      settings.timeout,
      settings.output,
    ].filter((s): s is TemplateSetting => s !== null),
  );
  return {
    template,
    effectful: true,
    async execute(context) {
      const { inputs } = context;
      const credential = await context.credentials.get(readText(inputs, settings.credential));
      const sql = readText(inputs, settings.statement);
      if (sql.trim() === '') throw invalidInput(settings.statement, 'must not be empty.');
      const parameters = settings.parameters ? readSqlParameters(inputs, settings.parameters) : [];
      const seconds = readTimeoutSeconds(inputs, settings.timeout);
      try {
        const result = await runSql(credential, context.egress, {
          sql,
          parameters,
          timeoutMs: seconds * 1000,
          signal: context.signal,
        });
        return { [settings.output.id]: spec.output === 'rows' ? result.rows : result.affectedRows };
      } catch (error) {
        if (error instanceof ConnectorError)
          throw ActionError.of(error.type, error.message, { retryable: error.retryable });
        throw error;
      }
    },
  };
}
