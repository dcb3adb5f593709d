import { loadRunnerConfig } from '../config';
import { ensureServices } from '../services';

// Used by .ci/run: start PostgreSQL, Redis and RabbitMQ where they are installed but down.
const config = loadRunnerConfig();
await ensureServices(config, (m) => console.log(m)).then(
  () => console.log('PostgreSQL, Redis and RabbitMQ are up'),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
