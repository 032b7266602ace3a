import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeActionStorageContract } from './action.contract.js';
import { openStorage } from './storage.js';

describeActionStorageContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-actions-'));
  const storage = openStorage({ dialect: 'sqlite', file: path.join(dir, 'contract.db') });
  return {
    storage,
    async dispose() {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
