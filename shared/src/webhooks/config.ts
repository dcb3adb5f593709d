import { bool, int, z } from '../config';
import { createResolver, parseAllowTargets, type TargetPolicy } from './ssrf';

/** Where webhooks may go (both webhook functions parse the same settings; docs/webhooks.md). */
export const webhookTargetEnv = {
  /** http:// endpoints (local work only): production endpoints are https. */
  WEBHOOK_ALLOW_HTTP: z._default(bool, false),
  /**
   * Development and tests only: exact `address:port` pairs (IPv6 `[address]:port`) a webhook may reach
   * although the address is loopback or private, e.g. a receiver on 127.0.0.1:4567.
   */
  WEBHOOK_ALLOW_TARGETS: z._default(
    z.string().check(
      z.refine(
        (v) => {
          try {
            parseAllowTargets(v);
            return true;
          } catch {
            return false;
          }
        },
        { message: 'must be address:port pairs, comma-separated (IPv6 as [address]:port)' },
      ),
    ),
    '',
  ),
  /** DNS servers (`host` or `host:port`, comma-separated) used instead of the system resolver. */
  WEBHOOK_DNS_SERVERS: z._default(z.string(), ''),
};

/** The sealing key of endpoint secrets (secret `webhook-secret-key`; at least 24 characters). */
export const webhookKeyEnv = {
  WEBHOOK_SECRET_KEY: z.string().check(z.minLength(24, 'must be at least 24 characters')),
};

/** The dispatcher's own settings. */
export const webhookDeliveryEnv = {
  /** One try's limit: lookup, connect and answer. */
  WEBHOOK_TIMEOUT_MS: z._default(int(100, 60_000), 10_000),
  /**
   * Tries of an event's delivery: 1 + the trigger's `atelier.dev/retry` (5 in stack.yml). The two must
   * agree: the platform brings a failed try back, the dispatcher counts them and settles the last.
   */
  WEBHOOK_MAX_ATTEMPTS: z._default(int(1, 20), 6),
  /** Deliveries that failed in a row (every try spent) before the endpoint is disabled. */
  WEBHOOK_DISABLE_AFTER: z._default(int(1, 1000), 15),
};

export function targetPolicy(config: {
  WEBHOOK_ALLOW_HTTP: boolean;
  WEBHOOK_ALLOW_TARGETS: string;
  WEBHOOK_DNS_SERVERS: string;
}): TargetPolicy {
  const servers = config.WEBHOOK_DNS_SERVERS.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    allowHttp: config.WEBHOOK_ALLOW_HTTP,
    allowTargets: parseAllowTargets(config.WEBHOOK_ALLOW_TARGETS),
    resolve: createResolver(servers),
  };
}
