import { createPaypal } from '@atelier/shared/billing/paypal';
import { createStripe, stripePrices } from '@atelier/shared/billing/stripe';
import {
  authEnv,
  dbEnv,
  dunningEnv,
  paypalEnv,
  publicUrlEnv,
  rabbitEnv,
  redisEnv,
  stripeEnv,
} from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openAuthenticatedWithEvents } from '@atelier/shared/http/connections';
import { createApp } from './app';

const billingEnv = {
  ...dbEnv,
  ...redisEnv,
  ...rabbitEnv,
  ...authEnv,
  ...stripeEnv,
  ...paypalEnv,
  ...publicUrlEnv,
  ...dunningEnv,
};

bootFunction('billing', billingEnv, async (ctx) => {
  const opened = await openAuthenticatedWithEvents('billing', ctx.config, ctx);
  return createApp({
    version: ctx.config.APP_VERSION,
    log: ctx.log,
    stripe: createStripe(ctx.config),
    prices: stripePrices(ctx.config),
    paypal: createPaypal(ctx.config),
    publicUrl: ctx.config.PUBLIC_URL,
    graceDays: ctx.config.DUNNING_GRACE_DAYS,
    ...opened,
  });
});
