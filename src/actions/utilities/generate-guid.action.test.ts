import { describe, expect, it } from 'vitest';
import { runAction } from '../testing/run-action.js';
import { GENERATE_GUID_IDS as IDS, generateGuidAction } from './generate-guid.action.js';

describe('Generate GUID', () => {
  it('is pure, under PROCESIO template 77f61c6d-53d4-d940-b350-84621850b35f', () => {
    expect(generateGuidAction.effectful).toBe(false);
    expect(generateGuidAction.template.id).toBe('77f61c6d-53d4-d940-b350-84621850b35f');
  });

  it('answers a new lower-case version 4 GUID on every run', async () => {
    const seen = new Set<unknown>();
    for (let i = 0; i < 50; i++) seen.add((await runAction(generateGuidAction, {}))[IDS.Guid]);
    expect(seen.size).toBe(50);
    for (const guid of seen)
      expect(guid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('ignores inputs it does not have', async () => {
    expect((await runAction(generateGuidAction, { junk: [] }))[IDS.Guid]).toEqual(
      expect.any(String),
    );
  });
});
