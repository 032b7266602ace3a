import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeScheduleStorageContract } from './schedule.contract.js';
import { openStorage } from './storage.js';

describeScheduleStorageContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-schedules-'));
  const storage = openStorage({ dialect: 'sqlite', file: path.join(dir, 'contract.db') });
  return {
    storage,
    async dispose() {
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
