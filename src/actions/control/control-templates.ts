// Owns the templates of the control actions, whose behaviour is the engine's (API.md §3.7):
// PROCESIO's template and setting ids, ports, shapes, types and defaults, plus Sluice's additions.
import { DataTypeIds } from '../../domain/data-types/types.js';
import {
  CONTROL_SETTING_IDS,
  CONTROL_TEMPLATE_IDS,
  SettingDirections,
  StructuredSettingTypes,
  type ActionTemplate,
} from '../../flow/template-catalog.js';
import { actionTemplate, setting } from '../template-builders.js';

/** Settings Sluice adds to PROCESIO templates; ids in Sluice's `5a1ce0a0-` range (§9.6). */
export const SLUICE_SETTING_IDS = {
  ForEach: {
    /** How many items the body runs for at once; 1 (the default) runs them in order. */
    Concurrency: '5a1ce0a0-fe0c-4c0c-8000-000000000001',
  },
} as const;

/** Option values of Delay's *type* setting. */
export const DelayTypes = { WaitFor: 1, WaitUntil: 2 } as const;

/** Option values of the `interval` in Delay's *value* setting. */
export const DelayIntervals = {
  Seconds: 1,
  Minutes: 2,
  Hours: 3,
  Days: 4,
  Weeks: 5,
  Months: 6,
  Years: 7,
} as const;

const { Input, InputOutput, Output } = SettingDirections;
const T = DataTypeIds;
const S = CONTROL_SETTING_IDS;
const NO_ERROR_PORT = { hasErrorPort: false } as const;
const REQUIRED = { isRequired: true } as const;

const start = actionTemplate(CONTROL_TEMPLATE_IDS.Start, 'Start', [], {
  inputPorts: 0,
  ...NO_ERROR_PORT,
});

const stop = actionTemplate(CONTROL_TEMPLATE_IDS.Stop, 'Stop', [], {
  outputPorts: 0,
  ...NO_ERROR_PORT,
});

const join = actionTemplate(CONTROL_TEMPLATE_IDS.Join, 'Join', [], {
  shape: 'circle',
  inputPorts: -1,
  ...NO_ERROR_PORT,
});

const decisional = actionTemplate(
  CONTROL_TEMPLATE_IDS.Decisional,
  'Decisional',
  [
    setting(S.Decisional.Cases, 'Cases', StructuredSettingTypes.DecisionalCases, Input, T.Object, {
      isList: true,
    }),
    setting(
      S.Decisional.Default,
      'Default branch',
      StructuredSettingTypes.DecisionalDefault,
      Input,
      T.Object,
    ),
  ],
  { shape: 'diamond', outputPorts: -1 },
);

const forEach = actionTemplate(
  CONTROL_TEMPLATE_IDS.ForEach,
  'For Each',
  [
    setting(S.ForEach.InList, 'List', 'any', Input, T.Object, { isList: true, isRequired: true }),
    setting(S.ForEach.Timeout, 'Timeout (seconds)', 'number', Input, T.Integer, REQUIRED),
    setting(S.ForEach.Index, 'Current index', 'ignore', InputOutput, T.Integer, {
      defaultValue: '-1',
    }),
    setting(S.ForEach.StartTime, 'Loop start time', 'ignore', InputOutput, T.DateTime, {
      defaultValue: '2010-01-01T00:00:00.0000000Z',
    }),
    setting(S.ForEach.Item, 'Current item', 'any', Output, T.Object, REQUIRED),
    setting(SLUICE_SETTING_IDS.ForEach.Concurrency, 'Concurrency', 'number', Input, T.Integer, {
      defaultValue: '1',
    }),
  ],
  { shape: 'area', ...NO_ERROR_PORT },
);

const callSubprocess = actionTemplate(CONTROL_TEMPLATE_IDS.CallSubprocess, 'Call Subprocess', [
  setting(S.CallSubprocess.StartedInstance, 'Started instance', 'ignore', InputOutput, T.Guid, {
    defaultValue: '00000000-0000-0000-0000-000000000000',
  }),
  setting(
    S.CallSubprocess.Process,
    'Process',
    StructuredSettingTypes.FlowList,
    InputOutput,
    T.Guid,
    REQUIRED,
  ),
  setting(S.CallSubprocess.Inputs, 'Inputs', StructuredSettingTypes.ProcessInputs, Input, T.Object),
  setting(
    S.CallSubprocess.Outputs,
    'Outputs',
    StructuredSettingTypes.ProcessOutputs,
    InputOutput,
    T.Object,
  ),
]);

const triggerSubprocess = actionTemplate(
  CONTROL_TEMPLATE_IDS.TriggerSubprocess,
  'Trigger Subprocess',
  [
    setting(
      S.TriggerSubprocess.Process,
      'Process',
      StructuredSettingTypes.FlowList,
      InputOutput,
      T.Guid,
      REQUIRED,
    ),
    setting(S.TriggerSubprocess.InstanceId, 'Started instance', 'text', Output, T.Guid),
    setting(
      S.TriggerSubprocess.Inputs,
      'Inputs',
      StructuredSettingTypes.ProcessInputs,
      Input,
      T.Object,
    ),
  ],
);

const mapProcessData = actionTemplate(CONTROL_TEMPLATE_IDS.MapProcessData, 'Map Process Data', [
  setting(
    S.MapProcessData.Rows,
    'Assignments',
    StructuredSettingTypes.MapProcessData,
    InputOutput,
    null,
    REQUIRED,
  ),
]);

// The catalogue's three info banners (`toast`) are left out: they carry display text, no value.
const delay = actionTemplate(CONTROL_TEMPLATE_IDS.Delay, 'Delay', [
  setting(S.Delay.RuntimeInterval, 'Interval at run time', 'text', Input, T.String),
  setting(S.Delay.Value, 'Wait', 'delay-definition', Input, T.Object, REQUIRED),
  setting(S.Delay.Type, 'Mode', 'delay-radio-type', Input, T.Integer, {
    isRequired: true,
    defaultValue: String(DelayTypes.WaitFor),
  }),
  setting(S.Delay.RuntimeAmount, 'Amount at run time', 'number', Input, T.Integer),
  setting(S.Delay.Until, 'Until (UTC)', 'date-time', Input, T.DateTime),
]);

const throwError = actionTemplate(CONTROL_TEMPLATE_IDS.Throw, 'Throw', [
  // PROCESIO's default message, spelling included, so imported flows fail with the same text.
  setting(S.Throw.Message, 'Message', 'text', Input, T.String, {
    defaultValue: 'An exception occured.',
  }),
]);

/** Every control action the engine runs. Not AI Decisional yet: it needs an AI credential. */
export const CONTROL_TEMPLATES: readonly ActionTemplate[] = Object.freeze([
  start,
  stop,
  join,
  decisional,
  forEach,
  callSubprocess,
  triggerSubprocess,
  mapProcessData,
  delay,
  throwError,
]);
