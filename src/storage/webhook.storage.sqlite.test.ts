import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStorage } from './storage.js';
import { describeWebhookStorageContract } from './webhook.contract.js';

describeWebhookStorageContract('SQLite', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sluice-webhooks-'));
  const file = path.join(dir, 'contract.db');
  const storage = openStorage({ dialect: 'sqlite', file });
  await storage.migrate();
  const second = openStorage({ dialect: 'sqlite', file });
  return {
    storage,
    second,
    async dispose() {
      await second.close();
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
