import { dbEnv, rabbitEnv } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { createFunction } from '@atelier/shared/http/create-function';
import { openEventWorker } from '@atelier/shared/http/event-worker';

// Skeleton: the PayPal webhook (issue 6) is being built.
bootFunction('paypal-webhook', { ...dbEnv, ...rabbitEnv }, async (ctx) => {
  const { checks } = openEventWorker('paypal-webhook', ctx.config, ctx);
  return createFunction({ name: 'paypal-webhook', version: ctx.config.APP_VERSION, log: ctx.log, checks })
    .app;
});
