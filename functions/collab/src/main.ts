import { bootFunction } from '@atelier/shared/http/boot';
import { createFunction } from '@atelier/shared/http/create-function';

// Skeleton (issue 9 fills it): health and metrics only.
bootFunction(
  'collab',
  {},
  async (ctx) => createFunction({ name: 'collab', version: ctx.config.APP_VERSION, log: ctx.log }).app,
);
