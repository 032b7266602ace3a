import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeStorageContract } from './storage.contract.js';
import { openStorage } from './storage.js';

describeStorageContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-storage-'));
  const storage = openStorage({ dialect: 'sqlite', file: path.join(dir, 'contract.db') });
  return {
    storage,
    async dispose() {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
