import { dbEnv, rabbitEnv, stripeEnv } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openEventWorker } from '@atelier/shared/http/event-worker';
import { createApp } from './app';

bootFunction('stripe-webhook', { ...dbEnv, ...rabbitEnv, ...stripeEnv }, async (ctx) =>
  createApp({
    version: ctx.config.APP_VERSION,
    log: ctx.log,
    webhookSecret: ctx.config.STRIPE_WEBHOOK_SECRET,
    ...openEventWorker('stripe-webhook', ctx.config, ctx),
  }),
);
