import { migrateDatabase } from '@atelier/shared/db/migrate';
import { loadRunnerConfig } from '../config';
import { ensureServices } from '../services';

const config = loadRunnerConfig();
await ensureServices(config, (m) => console.log(m), { start: config.START_SERVICES });
await migrateDatabase(config.DATABASE_URL);
console.log('migrations applied');
