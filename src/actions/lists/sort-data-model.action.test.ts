import { describe, expect, it } from 'vitest';
import { failureOf, runAction } from '../testing/run-action.js';
import { SORT_DATA_MODEL_IDS as IDS, sortDataModelAction } from './sort-data-model.action.js';

const rows = [
  { id: 3, city: { name: 'Cluj' }, score: 7 },
  { id: 1, city: { name: 'Arad' }, score: 9 },
  { id: 2, city: { name: 'Cluj' }, score: 9 },
  { id: 4, city: { name: 'arad' }, score: 9 },
];

describe('Sort Data Model', () => {
  it('is pure, under PROCESIO template 4addad21-ae56-43e5-aef6-5d09d8c82108', () => {
    expect(sortDataModelAction.effectful).toBe(false);
    expect(sortDataModelAction.template.id).toBe('4addad21-ae56-43e5-aef6-5d09d8c82108');
  });

  it('sorts by each criterion in turn, then by IdField, writing the list back', async () => {
    const outputs = await runAction(sortDataModelAction, {
      [IDS.List]: rows,
      [IDS.Config]: {
        IdField: 'id',
        Sort: [
          { Field: 'score', OrderType: 'Desc' },
          { Field: 'city.name', OrderType: 'Asc' },
        ],
      },
    });
    expect((outputs[IDS.List] as { id: number }[]).map((row) => row.id)).toEqual([4, 1, 2, 3]);
  });

  it('reads the configuration as JSON text too', async () => {
    const outputs = await runAction(sortDataModelAction, {
      [IDS.List]: rows,
      [IDS.Config]: '{"sort":[{"field":"id"}]}',
    });
    expect((outputs[IDS.List] as { id: number }[]).map((row) => row.id)).toEqual([1, 2, 3, 4]);
  });

  it('refuses criteria without a field or with an unknown order', async () => {
    for (const configuration of [
      { Sort: [] },
      { Sort: [{ OrderType: 'Asc' }] },
      { Sort: [{ Field: 'id', OrderType: 'Sideways' }] },
    ]) {
      expect(
        await failureOf(sortDataModelAction, { [IDS.List]: rows, [IDS.Config]: configuration }),
      ).toMatchObject({ type: 'validation', details: { settingId: IDS.Config } });
    }
  });
});
