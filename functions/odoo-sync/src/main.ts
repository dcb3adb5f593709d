import { dbEnv, rabbitEnv } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { createFunction } from '@atelier/shared/http/create-function';
import { openEventWorker } from '@atelier/shared/http/event-worker';

// Skeleton: the PayPal webhook (issue 6) is being built.
bootFunction('odoo-sync', { ...dbEnv, ...rabbitEnv }, async (ctx) => {
  const { checks } = openEventWorker('odoo-sync', ctx.config, ctx);
  return createFunction({ name: 'odoo-sync', version: ctx.config.APP_VERSION, log: ctx.log, checks }).app;
});
