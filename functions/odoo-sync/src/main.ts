import { dbEnv, int, rabbitEnv, z } from '@atelier/shared/config';
import { bootFunction } from '@atelier/shared/http/boot';
import { openEventWorker } from '@atelier/shared/http/event-worker';
import { createApp } from './app';
import { createOdoo, type OdooSettings } from './odoo-client';

const shape = {
  ...dbEnv,
  ...rabbitEnv,
  // Sync is on when a URL is set ('' counts as unset, as stack.yml's ${VAR:-} gives).
  ODOO_URL: z.optional(z.union([z.literal(''), z.url()])),
  ODOO_API: z._default(z.enum(['jsonrpc', 'json2']), 'jsonrpc'),
  ODOO_DB: z.optional(z.string()),
  ODOO_USER: z.optional(z.string()),
  /** The odoo-api-key secret (an empty file when unset). */
  ODOO_API_KEY: z.optional(z.string()),
  ODOO_PRODUCT_CODE: z._default(z.string().check(z.minLength(1)), 'ATELIER-CREDITS'),
  ODOO_TAX_ID: z.optional(int(1, 2 ** 31 - 1)),
  ODOO_TIMEOUT_MS: z._default(int(100, 120_000), 10_000),
};

/** The connection settings, or undefined when sync is off; half a configuration is an error. */
function odooSettings(config: z.infer<z.ZodMiniObject<typeof shape>>): OdooSettings | undefined {
  if (!config.ODOO_URL) return undefined;
  const missing = [
    !config.ODOO_API_KEY && 'the odoo-api-key secret',
    config.ODOO_API === 'jsonrpc' && !config.ODOO_DB && 'ODOO_DB',
    config.ODOO_API === 'jsonrpc' && !config.ODOO_USER && 'ODOO_USER',
  ].filter(Boolean);
  if (missing.length > 0) throw new Error(`ODOO_URL is set: ${missing.join(', ')} needed too`);
  return {
    url: config.ODOO_URL,
    api: config.ODOO_API,
    db: config.ODOO_DB || undefined,
    user: config.ODOO_USER,
    apiKey: config.ODOO_API_KEY!,
    timeoutMs: config.ODOO_TIMEOUT_MS,
  };
}

bootFunction('odoo-sync', shape, async (ctx) => {
  const settings = odooSettings(ctx.config);
  if (settings) ctx.log.info({ url: settings.url, api: settings.api }, 'Odoo sync is on');
  else
    ctx.log.info('ODOO_URL is not set: Odoo sync is off (invoice events are acknowledged, nothing is sent)');
  const { db, checks } = openEventWorker('odoo-sync', ctx.config, ctx);
  return createApp({
    version: ctx.config.APP_VERSION,
    log: ctx.log,
    db,
    checks,
    odoo: settings ? createOdoo(settings) : null,
    productCode: ctx.config.ODOO_PRODUCT_CODE,
    taxId: ctx.config.ODOO_TAX_ID,
  });
});
