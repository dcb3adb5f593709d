import { bootFunction } from '@atelier/shared/http/boot';
import { createApp } from './app';
import { swaggerUi } from './swagger-ui';

// No connections: the document is generated from the contract in shared/src/api at start.
bootFunction('api-docs', {}, async ({ config, log }) =>
  createApp({ version: config.APP_VERSION, log, ui: swaggerUi }),
);
