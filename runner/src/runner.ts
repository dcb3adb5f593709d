import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createDb, type DbHandle } from '@atelier/shared/db';
import { migrateDatabase } from '@atelier/shared/db/migrate';
import { eventTypes } from '@atelier/shared/events/catalog';
import { createOutbox } from '@atelier/shared/events/outbox';
import { rabbitPublisher } from '@atelier/shared/events/publisher';
import type { Logger } from '@atelier/shared/log';
import { createRedis } from '@atelier/shared/redis';
import { type FunctionSpec, functionSpecs, loadStack } from '@atelier/shared/stack/load';
import { createStorage } from '@atelier/shared/storage';
import { bundlePath } from './build';
import type { RunnerConfig } from './config';
import { CronScheduler } from './cron';
import { devMail } from './dev-mail';
import { startEmbeddedS3 } from './embedded-s3';
import { EventRouter } from './event-router';
import { FunctionInstance } from './function-instance';
import { createGateway, type Gateway } from './gateway';
import { localJwks, rotateLocalKeys } from './keys';
import { createRunnerMetrics } from './metrics';
import { createOpsApi } from './ops-api';
import { prepareSecrets, secretEnvName } from './secrets';
import { ensureServices, reachable } from './services';
import { StackReloader } from './stack-reload';
import { WarmPool } from './warm-pool';

export interface RunnerOptions {
  root: string;
  config: RunnerConfig;
  /** Environment handed to every function process (the runner's own, usually). */
  env: Record<string, string | undefined>;
  log: Logger;
  /** Where the bundles live (defaults to <root>/dist/functions/<name>/main.mjs). */
  bundleRoot?: string;
}

export type Runner = Awaited<ReturnType<typeof startRunner>>;

/** Brings the whole platform up on one machine; `stop()` takes it down again. */
export async function startRunner(opts: RunnerOptions) {
  const { config, log } = opts;
  const startedAt = Date.now();
  const stackPath = resolve(opts.root, config.STACK_FILE);
  const specs = functionSpecs(loadStack(stackPath, { env: opts.env, knownEventTypes: eventTypes() }));
  const bundleRoot = opts.bundleRoot ?? opts.root;
  const dataDir = resolve(opts.root, config.DATA_DIR);
  const cleanups: Array<() => Promise<unknown>> = [];

  await ensurePortsFree(config);
  await ensureServices(config, (m) => log.info(m), { start: config.START_SERVICES });
  await migrateDatabase(config.DATABASE_URL);

  let s3Endpoint = config.S3_ENDPOINT;
  if (!s3Endpoint) {
    const s3 = await startEmbeddedS3({
      dir: join(dataDir, 's3'),
      port: config.S3_PORT,
      bucket: config.S3_BUCKET,
    });
    s3Endpoint = s3.endpoint;
    cleanups.push(s3.close);
    log.info({ endpoint: s3Endpoint }, 'embedded S3-compatible store started (no S3_ENDPOINT configured)');
  } else {
    await createStorage({ ...config, S3_ENDPOINT: s3Endpoint }).ensureBucket();
  }

  const secretsDir = join(dataDir, 'secrets');
  // What every function process gets; secret files carry the same values (a function reads either).
  const settings: Record<string, string | undefined> = {
    NODE_ENV: config.NODE_ENV,
    LOG_LEVEL: config.LOG_LEVEL,
    DATABASE_URL: config.DATABASE_URL,
    REDIS_URL: config.REDIS_URL,
    RABBITMQ_URL: config.RABBITMQ_URL,
    EVENTS_EXCHANGE: config.EVENTS_EXCHANGE,
    S3_ENDPOINT: s3Endpoint,
    S3_BUCKET: config.S3_BUCKET,
    S3_REGION: config.S3_REGION,
    S3_ACCESS_KEY_ID: config.S3_ACCESS_KEY_ID,
    S3_SECRET_ACCESS_KEY: config.S3_SECRET_ACCESS_KEY,
    SECRETS_DIR: secretsDir,
    SMTP_URL: config.SMTP_URL,
    MAIL_FROM: config.MAIL_FROM,
    MAILBOX_KEY: config.MAILBOX_KEY,
    PUBLIC_URL: config.PUBLIC_URL,
    PLATFORM_STARTED_AT: String(startedAt),
  };
  const platformEnv: Record<string, string | undefined> = { ...opts.env, ...settings };
  // The access-token key is the platform's: always there, its public half handed to every function.
  // The ops token guards the runner's own /_/ops/* endpoints too, so it is always there.
  const secretNames = [...new Set(['jwt-private-key', 'ops-token', ...specs.flatMap((s) => s.secrets)])];
  prepareSecrets(secretsDir, secretNames, platformEnv, log);
  Object.assign(platformEnv, {
    // The current key and, after `atelier keys rotate`, the previous ones until their tokens expire.
    JWT_JWKS: JSON.stringify(await localJwks(secretsDir)),
    JWT_ISSUER: config.JWT_ISSUER,
    JWT_AUDIENCE: config.JWT_AUDIENCE,
  });
  // Secrets reach functions as files only, never through an inherited environment variable.
  for (const name of secretNames) {
    const key = secretEnvName(name);
    if (!(key in settings)) delete platformEnv[key];
  }
  const childEnv = (spec: FunctionSpec) => ({
    ...platformEnv,
    BODY_LIMIT_BYTES: String(spec.bodyLimitBytes),
    ...spec.environment,
  });

  const metrics = createRunnerMetrics();
  const pool = config.WARM_POOL ? new WarmPool(platformEnv) : undefined;
  pool?.start();
  cleanups.push(async () => pool?.stop());
  const instances = new Map<string, FunctionInstance>();
  const instanceSettings = (spec: FunctionSpec) => ({
    env: childEnv(spec),
    idleMs: config.SCALE_TO_ZERO_AFTER_MS ?? spec.idleMs,
  });
  const createInstance = (spec: FunctionSpec, bundle: string) => {
    metrics.replicas.labels(spec.name).set(0);
    return new FunctionInstance({
      spec,
      bundle,
      ...instanceSettings(spec),
      log,
      onColdStart: (fn, s) => metrics.coldStarts.labels(fn).observe(s),
      onScale: (fn, n) => metrics.replicas.labels(fn).set(n),
      pool,
    });
  };
  for (const spec of specs) {
    const bundle = bundlePath(bundleRoot, spec.name);
    if (!existsSync(bundle))
      throw new Error(`function "${spec.name}" is not built (${bundle} missing): run npm run build`);
    instances.set(spec.name, createInstance(spec, bundle));
  }

  const router = new EventRouter({
    url: config.RABBITMQ_URL,
    exchange: config.EVENTS_EXCHANGE,
    specs,
    instances,
    metrics,
    log,
  });
  await router.start();
  cleanups.push(() => router.stop());

  const cron = new CronScheduler(specs, instances, log);
  cron.start();
  cleanups.push(async () => cron.stop());

  // The relay of last resort: events a function wrote but could not hand to RabbitMQ (broker down,
  // process stopped) are published from here as soon as the broker answers again.
  const db: DbHandle = createDb({ DATABASE_URL: config.DATABASE_URL, DB_POOL_MAX: 2 });
  const publisher = rabbitPublisher(config);
  const outbox = createOutbox({ db: db.db, publisher, source: 'atelier/runner', log });
  let sweeping = false;
  const sweep = async () => {
    if (sweeping) return;
    sweeping = true;
    try {
      const n = await outbox.sweep();
      if (n > 0) log.info({ relayed: n }, 'outbox sweep relayed events');
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'outbox sweep failed');
    } finally {
      sweeping = false;
    }
  };
  await sweep();
  const sweepTimer = setInterval(() => void sweep(), config.OUTBOX_SWEEP_MS);
  cleanups.push(async () => {
    clearInterval(sweepTimer);
    await publisher.close();
    await db.close();
  });

  const redis = createRedis(config);
  cleanups.push(async () => redis.disconnect());
  const mailbox = config.NODE_ENV === 'production' ? undefined : devMail(redis, config.MAILBOX_KEY);

  // Checked per request, so a web build made while the platform runs is served at once.
  const webRoot = resolve(opts.root, 'web', 'dist');
  if (!existsSync(join(webRoot, 'index.html')))
    log.warn('the web app is not built (web/dist): run npm run build');
  const timeouts = new Map(specs.map((s) => [s.name, s.timeoutMs]));
  let gateway: Gateway | undefined;
  const reloader = new StackReloader(stackPath, specs, {
    root: opts.root,
    bundleRoot,
    env: opts.env,
    log,
    instances,
    timeouts,
    router,
    cron,
    gateway: () => gateway,
    createInstance,
    instanceSettings,
    prepareSecrets: (names) => prepareSecrets(secretsDir, names, { ...opts.env, ...settings }, log),
    onScaleToZero: (fn) => metrics.replicas.labels(fn).set(0),
  });
  cleanups.push(async () => reloader.stop());
  const opsApi = createOpsApi({
    secretsDir,
    instances,
    reloader,
    router,
    // A new signing key: every running function restarts with the new JWKS (auth signs with the new key).
    rotateKeys: async () => {
      const rotated = await rotateLocalKeys(secretsDir, opts.env);
      platformEnv.JWT_JWKS = JSON.stringify(await localJwks(secretsDir));
      await Promise.all(
        [...instances.values()].map((i) =>
          i.update({ spec: i.spec, bundle: i.bundle, ...instanceSettings(i.spec) }),
        ),
      );
      log.info({ kid: rotated.kid, previous: rotated.previous }, 'access-token signing key rotated');
      return rotated;
    },
  });
  const server: Gateway = createGateway({
    instances,
    routes: specs.flatMap((s) => s.routes.map((prefix) => ({ prefix, fn: s.name }))),
    timeouts,
    metrics,
    log,
    webRoot,
    storageOrigin: s3Endpoint ? new URL(s3Endpoint).origin : undefined,
    local: async (req, res) => {
      if (req.url === '/_/health') {
        const functions = Object.fromEntries(
          [...instances].map(([n, i]) => [
            n,
            {
              state: i.state,
              ...(i.state === 'ready'
                ? { port: i.port, pid: i.pid, coldStartMs: +i.lastColdStartMs.toFixed(1) }
                : {}),
            },
          ]),
        );
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            status: 'ok',
            uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
            functions,
            stack: reloader.status,
          }),
        );
        return true;
      }
      if (req.url === '/_/metrics') {
        await observeOutbox(db, metrics);
        res.writeHead(200, { 'content-type': metrics.registry.contentType });
        res.end(await metrics.registry.metrics());
        return true;
      }
      if (req.url === '/_/targets') {
        // Prometheus HTTP service discovery: each ready function's own /_/metrics (deploy/monitoring).
        const targets = [...instances.values()]
          .filter((i) => i.state === 'ready')
          .map((i) => ({ targets: [`127.0.0.1:${i.port}`], labels: { function_name: i.name } }));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(targets));
        return true;
      }
      if (await opsApi(req, res)) return true;
      return mailbox ? mailbox(req, res) : false;
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.GATEWAY_PORT, config.GATEWAY_HOST, resolve);
  });
  const port = (server.address() as AddressInfo).port;
  gateway = server;
  reloader.watch();

  await Promise.all(specs.filter((s) => s.longRunning).map((s) => instances.get(s.name)!.ensureStarted()));
  log.info({ port, functions: specs.map((s) => s.name) }, 'atelier is up');

  return {
    port,
    url: `http://${config.GATEWAY_HOST}:${port}`,
    get specs() {
      return reloader.current;
    },
    reloader,
    instances,
    router,
    cron,
    metrics,
    secretsDir,
    s3Endpoint,
    async stop() {
      reloader.stop();
      await new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      });
      await Promise.all([...instances.values()].map((i) => i.stop()));
      for (const c of cleanups.reverse()) await c().catch(() => {});
    },
  };
}

/**
 * Sets the outbox backlog gauges from ops.outbox (what the sweeper has still to relay), and brings the
 * credits-spent counter up to the ledger's captured total (the ledger is append-only, so it only grows).
 */
async function observeOutbox(db: DbHandle, metrics: ReturnType<typeof createRunnerMetrics>): Promise<void> {
  try {
    const [spent] = await db.sql<{ total: number }[]>`
      select coalesce(sum(-reserved_delta), 0)::float8 as total
      from billing.ledger_entries where kind = 'capture'`;
    const counted = (await metrics.creditsSpent.get()).values[0]?.value ?? 0;
    if (spent && spent.total > counted) metrics.creditsSpent.inc(spent.total - counted);
  } catch {
    // No billing schema yet, or the database is down.
  }
  try {
    const [row] = await db.sql<{ pending: number; oldest: number }[]>`
      select count(*)::int as pending,
             coalesce(extract(epoch from now() - min(created_at)), 0)::float8 as oldest
      from ops.outbox where published_at is null`;
    metrics.outboxPending.set(row?.pending ?? 0);
    metrics.outboxOldestPending.set(row?.oldest ?? 0);
  } catch {
    // The database is down: keep the last values (the status function reports the outage).
  }
}

/** Fails early, naming the setting to change, when another process already holds one of our ports. */
async function ensurePortsFree(config: RunnerConfig): Promise<void> {
  const taken: string[] = [];
  if (config.GATEWAY_PORT !== 0 && (await reachable(config.GATEWAY_HOST, config.GATEWAY_PORT))) {
    taken.push(`GATEWAY_PORT ${config.GATEWAY_PORT} is already in use on ${config.GATEWAY_HOST}`);
  }
  if (!config.S3_ENDPOINT && config.S3_PORT !== 0 && (await reachable('127.0.0.1', config.S3_PORT))) {
    taken.push(`S3_PORT ${config.S3_PORT} (the embedded S3 store) is already in use`);
  }
  if (taken.length > 0) {
    throw new Error(
      `Cannot start: ${taken.join('; ')}. Stop the other process (another npm start?) or choose free ports, e.g. GATEWAY_PORT=8090 S3_PORT=9010 npm start`,
    );
  }
}
