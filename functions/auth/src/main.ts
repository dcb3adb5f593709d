import { jwks, loadSigningKey } from '@atelier/shared/auth/keys';
import { RevocationList } from '@atelier/shared/auth/revocations';
import { createAccessTokenIssuer, createAccessTokenVerifier } from '@atelier/shared/auth/tokens';
import { secretBox } from '@atelier/shared/auth/totp';
import { authEnv, dbEnv, int, mailEnv, rabbitEnv, redisEnv, z } from '@atelier/shared/config';
import { createDb } from '@atelier/shared/db';
import { createOutbox } from '@atelier/shared/events/outbox';
import { createPublisher } from '@atelier/shared/events/publisher';
import { bootFunction } from '@atelier/shared/http/boot';
import { createMailer } from '@atelier/shared/mail/mailer';
import { postgresProbe, redisProbe } from '@atelier/shared/probes';
import { createRedis } from '@atelier/shared/redis';
import { createApp } from './app';

const shape = {
  ...dbEnv,
  ...redisEnv,
  ...rabbitEnv,
  ...mailEnv,
  JWT_ISSUER: authEnv.JWT_ISSUER,
  JWT_AUDIENCE: authEnv.JWT_AUDIENCE,
  JWT_PRIVATE_KEY: z
    .string()
    .check(z.includes('PRIVATE KEY', { message: 'must be a PKCS#8 PEM private key' })),
  PUBLIC_URL: z._default(z.url(), 'http://127.0.0.1:8080'),
  MFA_KEY: z.string().check(z.minLength(24, 'must be at least 24 characters')),
  RATE_LIMIT_NAMESPACE: z._default(z.string().check(z.minLength(1)), 'rl'),
  LOGIN_PER_IP_PER_MINUTE: z._default(int(1, 100_000), 30),
  REGISTER_PER_IP_PER_HOUR: z._default(int(1, 100_000), 20),
};

bootFunction('auth', shape, async ({ config, log, onShutdown }) => {
  const { db, sql, close } = createDb(config);
  const redis = createRedis(config);
  const publisher = createPublisher(config);
  const key = await loadSigningKey(config.JWT_PRIVATE_KEY);
  const settings = { issuer: config.JWT_ISSUER, audience: config.JWT_AUDIENCE };
  const keySet = jwks(key);
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
    checks: [postgresProbe(sql), redisProbe(redis)],
  });
});
