import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSigningKeyPem } from '@atelier/shared/auth/keys';
import type { Logger } from '@atelier/shared/log';

export const secretEnvName = (secret: string) => secret.toUpperCase().replaceAll('-', '_');

/** Secrets that are not random strings get a generator of their own. */
const generators: Record<string, () => string> = {
  'jwt-private-key': generateSigningKeyPem,
  // Seals webhook endpoints' signing secrets (AES-256-GCM key material): 256 random bits.
  'webhook-secret-key': () => randomBytes(32).toString('base64url'),
  // Third-party credentials cannot be made up: empty (the feature is off) unless given.
  'stripe-secret-key': () => '',
  'stripe-webhook-secret': () => '',
  'paypal-client-secret': () => '',
  // Unset = no OpenAI: the offline provider (or the pool) makes the images.
  'openai-api-key': () => '',
  'openai-compatible-api-key': () => '',
  'odoo-api-key': () => '',
};

/**
 * Materialises the secrets stack.yml names as files, exactly where OpenFaaS and our Knative manifests
 * mount them (one file per secret), so functions read them the same way everywhere. A value comes from
 * the runner's environment (ops-token <- OPS_TOKEN), else a file already there, else a new random one;
 * third-party credentials (Stripe, PayPal, Odoo, OpenAI) only ever from this start's environment.
 */
export function prepareSecrets(
  dir: string,
  names: string[],
  env: Record<string, string | undefined>,
  log: Logger,
): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  for (const name of new Set(names)) {
    const file = join(dir, name);
    const fromEnv = env[secretEnvName(name)];
    if (fromEnv) writeFileSync(file, fromEnv, { mode: 0o600 });
    // A third-party credential follows this start's environment: given once and left out later means
    // off again, not the old key sent to a provider the rest of the settings no longer point at.
    else if (isThirdParty(name)) writeFileSync(file, '', { mode: 0o600 });
    else if (!existsSync(file) || readFileSync(file, 'utf8').trim() === '') {
      writeFileSync(file, (generators[name] ?? (() => randomBytes(24).toString('base64url')))(), {
        mode: 0o600,
      });
      log.info({ secretName: name, file }, 'generated a local secret');
    }
  }
}

const isThirdParty = (name: string) => name in generators && generators[name]!() === '';
