// Owns turning a custom action package into an action the engine runs: the template comes from
// the manifest, and each run calls the entry module's `execute(inputs, ctx)` in the script
// sandbox. `inputs` holds the input settings' values by setting `name`, read as their data
// type; the returned object's keys are output setting names. `ctx` is plain data (the action,
// the instance, the attempt and the idempotency key): the code has no host access.
import { DataTypeIds } from '../../domain/data-types/types.js';
import type { ActionTemplate, TemplateSetting } from '../../flow/template-catalog.js';
import { runInSandbox, ScriptError, type JsonValue } from '../../sandbox/index.js';
import { ActionError, type ActionContext, type ActionDefinition } from '../action.js';
import { invalidInput, readBoolean, readList, readNumber, readText } from '../inputs.js';
import { runScript } from '../code/script-run.js';
import {
  readManifest,
  valueSettings,
  type CustomActionManifest,
  type CustomActionSetting,
} from './manifest.js';
import { InvalidActionPackageError, type CustomActionPackage } from './package.js';

/** The exported function of the entry module that runs the action. */
export const ENTRY_FUNCTION = 'execute';

const NUMBER_TYPES = new Set<string>([DataTypeIds.Integer, DataTypeIds.Float, DataTypeIds.Double]);
const TEXT_TYPES = new Set<string>([DataTypeIds.String, DataTypeIds.Guid, DataTypeIds.DateTime]);
const COMMONJS_NAME = /\b(module|exports|require) is not defined\b/;

/** The action a package defines (see the file header for the entry's contract). */
export function customActionDefinition(pkg: CustomActionPackage): ActionDefinition {
  return buildDefinition(pkg.manifest, pkg.entrySource);
}

/**
 * The action rebuilt from what storage holds: the manifest (the object or its JSON text) and
 * the entry source. The manifest is checked again; a stored one that no longer reads throws
 * InvalidActionPackageError.
 */
export function customActionFromStored(manifest: unknown, entrySource: string): ActionDefinition {
  let value = manifest;
  if (typeof manifest === 'string') {
    try {
      value = JSON.parse(manifest);
    } catch (error) {
      throw new InvalidActionPackageError([
        `The stored manifest is not JSON: ${(error as Error).message}`,
      ]);
    }
  }
  const read = readManifest(value, { assignId: false });
  if (!read.manifest) throw new InvalidActionPackageError(read.problems);
  if (typeof entrySource !== 'string' || entrySource.trim() === '')
    throw new InvalidActionPackageError(['The stored entry module is empty.']);
  return buildDefinition(read.manifest, entrySource);
}

/**
 * Compiles the entry module in the sandbox without running it, so an upload with a syntax error
 * or an import is refused at once. Throws InvalidActionPackageError naming the line.
 */
export async function checkCustomActionPackage(pkg: CustomActionPackage): Promise<void> {
  try {
    await runInSandbox(
      {
        kind: 'module',
        source: pkg.entrySource,
        filename: entryFilename(pkg.manifest),
        entry: ENTRY_FUNCTION,
      },
      { compileOnly: true },
    );
  } catch (error) {
    if (error instanceof ScriptError && error.kind === 'script.error')
      throw new InvalidActionPackageError([
        `The entry module "${pkg.manifest.entry}" does not compile: ${error.message}`,
      ]);
    throw error;
  }
}

function buildDefinition(manifest: CustomActionManifest, entrySource: string): ActionDefinition {
  const settings = valueSettings(manifest).map((declared) => ({
    declared,
    template: templateSetting(declared),
  }));
  const inputs = settings.filter((s) => s.declared.direction !== 3);
  const outputs = settings.filter((s) => s.declared.direction !== 1);
  const template: ActionTemplate = Object.freeze({
    id: manifest.id,
    name: manifest.name,
    shape: manifest.shape,
    inputPorts: 1,
    outputPorts: 1,
    hasErrorPort: true,
    settings: Object.freeze(settings.map((s) => s.template)) as TemplateSetting[],
    description: manifest.description,
    ...(manifest.icon !== null ? { icon: manifest.icon } : {}),
    ...(manifest.tooltip !== null ? { tooltip: manifest.tooltip } : {}),
  });
  const filename = entryFilename(manifest);
  const timeoutMs = manifest.timeoutSeconds !== null ? manifest.timeoutSeconds * 1000 : undefined;

  return {
    template,
    // DESIGN.md §5 checkpoints custom actions like any action with outside effects.
    effectful: true,
    async execute(context) {
      const values = Object.fromEntries(
        inputs.map(({ declared, template: setting }) => [
          declared.name!,
          readInput(context.inputs, setting),
        ]),
      );
      const result = await runScript(
        context,
        () =>
          runInSandbox(
            {
              kind: 'module',
              source: entrySource,
              filename,
              entry: ENTRY_FUNCTION,
              args: [values, plainContext(context, template)],
            },
            {
              signal: context.signal,
              ...(timeoutMs !== undefined ? { limits: { timeoutMs } } : {}),
            },
          ),
        explainCommonJs,
      );
      return outputsOf(result.value, outputs, context);
    },
  };
}

function templateSetting(declared: CustomActionSetting): TemplateSetting {
  const setting: TemplateSetting = {
    id: declared.id,
    name: declared.label || declared.name || declared.id,
    type: declared.type,
    direction: declared.direction ?? 1,
    dataTypeId: declared.dataTypeId,
    isList: declared.isList,
    isRequired: declared.isRequired,
  };
  if (declared.value !== null && declared.value !== undefined)
    setting.defaultValue = declared.value;
  if (declared.tooltip !== null) setting.tooltip = declared.tooltip;
  if (declared.language !== null) setting.language = declared.language;
  if (declared.options !== null) setting.options = declared.options;
  if (declared.limits !== null) setting.limits = declared.limits;
  return Object.freeze(setting);
}

/** An input as its setting's type reads it; null when absent and optional. */
function readInput(inputs: ActionContext['inputs'], setting: TemplateSetting): unknown {
  const raw = inputs[setting.id];
  const isText = setting.dataTypeId !== null && TEXT_TYPES.has(setting.dataTypeId);
  if (raw === undefined || raw === null || (raw === '' && !isText)) {
    if (setting.isRequired) throw invalidInput(setting, 'is required.');
    return null;
  }
  if (setting.isList) return readList(inputs, setting);
  if (setting.dataTypeId === DataTypeIds.Boolean) return readBoolean(inputs, setting);
  if (setting.dataTypeId !== null && NUMBER_TYPES.has(setting.dataTypeId))
    return readNumber(inputs, setting);
  if (isText) return readText(inputs, setting);
  return raw;
}

function plainContext(context: ActionContext, template: ActionTemplate) {
  return {
    action: { id: template.id, name: template.name },
    instance: { ...context.instance },
    attempt: context.attempt,
    idempotencyKey: context.idempotencyKey,
  };
}

function outputsOf(
  returned: JsonValue,
  outputs: readonly { declared: CustomActionSetting; template: TemplateSetting }[],
  context: Pick<ActionContext, 'log'>,
): Record<string, unknown> {
  if (returned === null) return {};
  if (typeof returned !== 'object' || Array.isArray(returned))
    throw ActionError.of(
      'script.error',
      `${ENTRY_FUNCTION} must return an object keyed by output setting name; it returned ${
        Array.isArray(returned) ? 'a list' : typeof returned
      }.`,
    );
  const values: Record<string, unknown> = {};
  const known = new Set<string>();
  for (const { declared, template } of outputs) {
    known.add(declared.name!);
    if (Object.hasOwn(returned, declared.name!)) values[template.id] = returned[declared.name!];
  }
  const unknown = Object.keys(returned).filter((key) => !known.has(key));
  if (unknown.length > 0)
    context.log(
      `ignored returned keys that name no output setting: ${unknown.slice(0, 10).join(', ')}`,
    );
  return values;
}

/** A CommonJS entry fails on `module`/`exports`/`require`; say what the contract is. */
function explainCommonJs(error: ScriptError): string | undefined {
  if (error.kind !== 'script.error' || !COMMONJS_NAME.test(error.message)) return undefined;
  return (
    `${error.message} (the entry is an ES module: export async function ${ENTRY_FUNCTION}(inputs, ctx); ` +
    'require and imports are not available)'
  );
}

/** The entry's base name as the sandbox shows it in error locations. */
function entryFilename(manifest: CustomActionManifest): string {
  const base = manifest.entry.split('/').pop() ?? 'entry.js';
  return /^[\w.-]{1,100}$/.test(base) ? base : 'entry.js';
}
