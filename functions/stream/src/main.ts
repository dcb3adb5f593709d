import { bootFunction } from '@atelier/shared/http/boot';
import { createFunction } from '@atelier/shared/http/create-function';

// Skeleton (issue 9 fills it): health and metrics only.
bootFunction(
  'stream',
  {},
  async (ctx) => createFunction({ name: 'stream', version: ctx.config.APP_VERSION, log: ctx.log }).app,
);
