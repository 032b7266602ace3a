import { describe, expect, it } from 'vitest';
import { DataTypeIds } from '../../domain/data-types/types.js';
import {
  CONTROL_SETTING_IDS,
  CONTROL_TEMPLATE_IDS,
  StructuredSettingTypes,
  type ActionTemplate,
} from '../../flow/template-catalog.js';
import { CONTROL_TEMPLATES, SLUICE_SETTING_IDS } from './control-templates.js';

type ControlName = keyof typeof CONTROL_TEMPLATE_IDS;

function templateOf(name: ControlName): ActionTemplate {
  const found = CONTROL_TEMPLATES.find((t) => t.id === CONTROL_TEMPLATE_IDS[name]);
  if (!found) throw new Error(`no template for ${name}`);
  return found;
}

const settingIds = (template: ActionTemplate) => template.settings.map((s) => s.id).sort();
const SLUICE_IDS = new Set<string>(Object.values(SLUICE_SETTING_IDS.ForEach));

describe('CONTROL_TEMPLATES', () => {
  it('holds exactly the control templates of CONTROL_TEMPLATE_IDS except AI Decisional', () => {
    const expected = Object.entries(CONTROL_TEMPLATE_IDS)
      .filter(([name]) => name !== 'AiDecisional')
      .map(([, id]) => id)
      .sort();
    expect(CONTROL_TEMPLATES.map((t) => t.id).sort()).toEqual(expected);
  });

  it('gives every control action with known setting ids exactly those settings', () => {
    for (const [name, ids] of Object.entries(CONTROL_SETTING_IDS)) {
      if (name === 'AiDecisional') continue;
      const template = templateOf(name as ControlName);
      const own = settingIds(template).filter((id) => !SLUICE_IDS.has(id));
      expect(own, name).toEqual(Object.values(ids).sort());
    }
  });

  it('gives Start, Stop and Join no settings', () => {
    for (const name of ['Start', 'Stop', 'Join'] as const)
      expect(templateOf(name).settings).toEqual([]);
  });

  it('has no error port on Start, Stop, Join and For Each, and one on every other action', () => {
    const without = CONTROL_TEMPLATES.filter((t) => !t.hasErrorPort).map((t) => t.id);
    expect(without.sort()).toEqual(
      [
        CONTROL_TEMPLATE_IDS.Start,
        CONTROL_TEMPLATE_IDS.Stop,
        CONTROL_TEMPLATE_IDS.Join,
        CONTROL_TEMPLATE_IDS.ForEach,
      ].sort(),
    );
  });

  it('uses the setting types the compiler parses as structured values', () => {
    const typeOf = (name: ControlName, id: string) =>
      templateOf(name).settings.find((s) => s.id === id)?.type;
    const S = CONTROL_SETTING_IDS;
    const T = StructuredSettingTypes;
    expect(typeOf('Decisional', S.Decisional.Cases)).toBe(T.DecisionalCases);
    expect(typeOf('Decisional', S.Decisional.Default)).toBe(T.DecisionalDefault);
    expect(typeOf('MapProcessData', S.MapProcessData.Rows)).toBe(T.MapProcessData);
    expect(typeOf('CallSubprocess', S.CallSubprocess.Process)).toBe(T.FlowList);
    expect(typeOf('CallSubprocess', S.CallSubprocess.Inputs)).toBe(T.ProcessInputs);
    expect(typeOf('CallSubprocess', S.CallSubprocess.Outputs)).toBe(T.ProcessOutputs);
    expect(typeOf('TriggerSubprocess', S.TriggerSubprocess.Process)).toBe(T.FlowList);
    expect(typeOf('TriggerSubprocess', S.TriggerSubprocess.Inputs)).toBe(T.ProcessInputs);
  });

  it("adds Sluice's optional Concurrency to For Each: an Integer defaulting to 1", () => {
    const concurrency = templateOf('ForEach').settings.find(
      (s) => s.id === SLUICE_SETTING_IDS.ForEach.Concurrency,
    );
    expect(concurrency).toEqual({
      id: SLUICE_SETTING_IDS.ForEach.Concurrency,
      name: 'Concurrency',
      type: 'number',
      direction: 1,
      dataTypeId: DataTypeIds.Integer,
      isList: false,
      isRequired: false,
      defaultValue: '1',
    });
    expect(SLUICE_SETTING_IDS.ForEach.Concurrency).toMatch(
      /^5a1ce0a0-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
    );
  });

  it('writes every id in lower case and never repeats a setting id', () => {
    const ids = CONTROL_TEMPLATES.flatMap((t) => [t.id, ...t.settings.map((s) => s.id)]);
    for (const id of ids) expect(id).toBe(id.toLowerCase());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('names every template and setting', () => {
    for (const template of CONTROL_TEMPLATES) {
      expect(template.name.trim()).not.toBe('');
      for (const s of template.settings) expect(s.name.trim(), s.id).not.toBe('');
    }
  });

  it('cannot be changed by a caller: the templates are shared', () => {
    const forEach = templateOf('ForEach');
    expect(Object.isFrozen(CONTROL_TEMPLATES)).toBe(true);
    expect(Object.isFrozen(forEach)).toBe(true);
    expect(Object.isFrozen(forEach.settings)).toBe(true);
    expect(forEach.settings.every((s) => Object.isFrozen(s))).toBe(true);
  });
});
