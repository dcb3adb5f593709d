import { jwks, loadSigningKey } from '@atelier/shared/auth/keys';
import { RevocationList } from '@atelier/shared/auth/revocations';
import { createAccessTokenIssuer, createAccessTokenVerifier } from '@atelier/shared/auth/tokens';
import { secretBox } from '@atelier/shared/auth/totp';
import { authEnv, dbEnv, int, mailEnv, publicUrlEnv, rabbitEnv, redisEnv, z } from '@atelier/shared/config';
import { createDb } from '@atelier/shared/db';
import { createOutbox } from '@atelier/shared/events/outbox';
import { createPublisher } from '@atelier/shared/events/publisher';
import { bootFunction } from '@atelier/shared/http/boot';
import { createMailer } from '@atelier/shared/mail/mailer';
import { postgresProbe, redisProbe } from '@atelier/shared/probes';
import { createRedis } from '@atelier/shared/redis';
import type { JSONWebKeySet } from 'jose';
import { createApp } from './app';

const shape = {
  ...dbEnv,
  ...redisEnv,
  ...rabbitEnv,
  ...mailEnv,
  JWT_ISSUER: authEnv.JWT_ISSUER,
  /** During a key rotation: the public keys still trusted (the runner passes it; docs/operations.md). */
  JWT_JWKS: authEnv.JWT_JWKS,
  JWT_AUDIENCE: authEnv.JWT_AUDIENCE,
  JWT_PRIVATE_KEY: z
    .string()
    .check(z.includes('PRIVATE KEY', { message: 'must be a PKCS#8 PEM private key' })),
  ...publicUrlEnv,
  MFA_KEY: z.string().check(z.minLength(24, 'must be at least 24 characters')),
  RATE_LIMIT_NAMESPACE: z._default(z.string().check(z.minLength(1)), 'rl'),
  LOGIN_PER_IP_PER_MINUTE: z._default(int(1, 100_000), 30),
  REGISTER_PER_IP_PER_HOUR: z._default(int(1, 100_000), 20),
  // External sign-in is on when an issuer is set ('' counts as unset, as stack.yml's ${VAR:-} gives).
  OIDC_ISSUER: z.optional(z.union([z.literal(''), z.url()])),
  OIDC_CLIENT_ID: z.optional(z.string()),
  OIDC_CLIENT_SECRET: z.optional(z.string()),
  OIDC_NAME: z._default(z.string(), 'SSO'),
  OIDC_SCOPES: z._default(z.string(), 'openid email profile'),
};

/** The provider's settings, or undefined when external sign-in is off; half a configuration is an error. */
function oidcSettings(config: {
  OIDC_ISSUER?: string | undefined;
  OIDC_CLIENT_ID?: string | undefined;
  OIDC_CLIENT_SECRET?: string | undefined;
  OIDC_NAME: string;
  OIDC_SCOPES: string;
}) {
  if (!config.OIDC_ISSUER) return undefined;
  if (!config.OIDC_CLIENT_ID || !config.OIDC_CLIENT_SECRET)
    throw new Error('OIDC_ISSUER is set: OIDC_CLIENT_ID and the oidc-client-secret secret are needed too');
  return {
    issuer: config.OIDC_ISSUER,
    clientId: config.OIDC_CLIENT_ID,
    clientSecret: config.OIDC_CLIENT_SECRET,
    name: config.OIDC_NAME || 'SSO',
    scopes: config.OIDC_SCOPES || 'openid email profile',
  };
}

bootFunction('auth', shape, async ({ config, log, onShutdown }) => {
  const { db, sql, close } = createDb(config);
  const redis = createRedis(config);
  const publisher = createPublisher(config);
  const key = await loadSigningKey(config.JWT_PRIVATE_KEY);
  const settings = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  // The previous keys of a rotation stay published and trusted until their tokens have expired.
  const previous = config.JWT_JWKS
    ? (JSON.parse(config.JWT_JWKS) as JSONWebKeySet).keys.filter((k) => k.kid !== key.kid)
    : [];
  const keySet = jwks(key, previous);
  const revocations = new RevocationList(redis);
  await revocations.start();
  onShutdown(() => revocations.stop());
  onShutdown(() => publisher.close());
  onShutdown(close);
  onShutdown(() => redis.quit());
  return createApp({
    version: config.APP_VERSION,
    log,
    db,
    redis,
    outbox: createOutbox({ db, publisher, source: 'atelier/auth', log, sweepOnStart: true }),
    mailer: createMailer(config, redis),
    issuer: createAccessTokenIssuer(key, settings),
    verifier: createAccessTokenVerifier(keySet, settings),
    revocations,
    clock: Date.now,
    publicUrl: config.PUBLIC_URL,
    box: secretBox(config.MFA_KEY),
    limits: {
      namespace: config.RATE_LIMIT_NAMESPACE,
      loginPerIp: { limit: config.LOGIN_PER_IP_PER_MINUTE, windowMs: 60_000 },
      registerPerIp: { limit: config.REGISTER_PER_IP_PER_HOUR, windowMs: 3_600_000 },
    },
    jwks: keySet,
    oidc: oidcSettings(config),
    checks: [postgresProbe(sql), redisProbe(redis)],
  });
});
