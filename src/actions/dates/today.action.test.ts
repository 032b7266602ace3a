import { describe, expect, it } from 'vitest';
import { runAction } from '../testing/run-action.js';
import { TODAY_IDS as IDS, todayAction } from './today.action.js';

describe('Today', () => {
  it('is pure, under PROCESIO template f5271890-cbcb-4cdc-bc81-9493869e4e01', () => {
    expect(todayAction.effectful).toBe(false);
    expect(todayAction.template.id).toBe('f5271890-cbcb-4cdc-bc81-9493869e4e01');
  });

  it("answers today's date at midnight UTC", async () => {
    const today = (await runAction(todayAction, {}))[IDS.Today];
    expect(today).toBe(`${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`);
  });

  it('ignores inputs it does not have', async () => {
    expect((await runAction(todayAction, { x: 1 }))[IDS.Today]).toMatch(/T00:00:00\.000Z$/);
  });
});
