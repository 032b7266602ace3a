// Owns Generate GUID: a new random (version 4) GUID, lower case.
import { randomUUID } from 'node:crypto';
import { DataTypeIds } from '../../domain/data-types/types.js';
import { SettingDirections } from '../../flow/template-catalog.js';
import type { ActionDefinition } from '../action.js';
import { actionTemplate, setting } from '../template-builders.js';

export const GENERATE_GUID_IDS = {
  Template: '77f61c6d-53d4-d940-b350-84621850b35f',
  Guid: '2a181416-8a7e-d244-85ed-ffa07c571da1',
} as const;

const guid = setting(
  GENERATE_GUID_IDS.Guid,
  'New GUID',
  'datatype',
  SettingDirections.Output,
  DataTypeIds.Guid,
  { isRequired: true },
);

export const generateGuidAction: ActionDefinition = {
  template: actionTemplate(GENERATE_GUID_IDS.Template, 'Generate GUID', [guid]),
  // A replay draws a new GUID, which is harmless: nothing outside the engine has seen the old one.
  effectful: false,
  async execute() {
    return { [guid.id]: randomUUID() };
  },
};
