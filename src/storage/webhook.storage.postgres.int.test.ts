import { createScratchDatabase, postgresAvailable } from '../testing/services.js';
import { openStorage } from './storage.js';
import { describeWebhookStorageContract } from './webhook.contract.js';

describeWebhookStorageContract('PostgreSQL', async () => {
  if (!(await postgresAvailable('webhook and analytics storage contract on PostgreSQL')))
    return null;
  const scratch = await createScratchDatabase();
  const storage = openStorage({ dialect: 'postgres', url: scratch.url });
  await storage.migrate();
  const second = openStorage({ dialect: 'postgres', url: scratch.url });
  return {
    storage,
    second,
    async dispose() {
      await second.close();
      await storage.close();
      await scratch.drop();
    },
  };
});
