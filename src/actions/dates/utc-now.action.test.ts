import { describe, expect, it } from 'vitest';
import { runAction } from '../testing/run-action.js';
import { UTC_NOW_IDS as IDS, utcNowAction } from './utc-now.action.js';

describe('UTC Now', () => {
  it('is pure, under PROCESIO template 7f6de28d-e756-492f-8d89-268aa95306ba', () => {
    expect(utcNowAction.effectful).toBe(false);
    expect(utcNowAction.template.id).toBe('7f6de28d-e756-492f-8d89-268aa95306ba');
  });

  it('answers the current instant as ISO-8601 UTC with milliseconds', async () => {
    const before = Date.now();
    const now = (await runAction(utcNowAction, {}))[IDS.Now] as string;
    expect(now).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(now)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(now)).toBeLessThanOrEqual(Date.now());
  });

  it('ignores inputs it does not have', async () => {
    const now = (await runAction(utcNowAction, { unknown: 'garbage' }))[IDS.Now];
    expect(typeof now).toBe('string');
  });
});
