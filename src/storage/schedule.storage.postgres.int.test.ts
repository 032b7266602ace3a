import { describeScheduleStorageContract } from './schedule.contract.js';
import { openStorage } from './storage.js';
import { createScratchDatabase, postgresAvailable } from '../testing/services.js';

describeScheduleStorageContract('PostgreSQL', async () => {
  if (!(await postgresAvailable('schedule storage contract on PostgreSQL'))) return null;
  const scratch = await createScratchDatabase();
  const storage = openStorage({ dialect: 'postgres', url: scratch.url });
  return {
    storage,
    async dispose() {
      await storage.close();
      await scratch.drop();
    },
  };
});
