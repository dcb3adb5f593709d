import { execSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';

/** A backing service the platform needs, how to tell it is up, and how to start a local install. */
interface Service {
  name: string;
  url: string;
  defaultPort: number;
  installed: () => boolean;
  start: () => void;
  hint: string;
}

const has = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;
const run = (cmd: string) => execSync(cmd, { stdio: 'ignore', timeout: 60_000 });

export function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

const LOCAL = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function servicesFor(urls: {
  DATABASE_URL: string;
  REDIS_URL: string;
  RABBITMQ_URL: string;
}): Service[] {
  return [
    {
      name: 'PostgreSQL',
      url: urls.DATABASE_URL,
      defaultPort: 5432,
      installed: () => has('pg_ctlcluster') && existsSync('/etc/postgresql'),
      start: () => {
        for (const version of readdirSync('/etc/postgresql'))
          run(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`);
      },
      hint: 'install it (Debian: apt-get install postgresql) or set DATABASE_URL to a running server',
    },
    {
      name: 'Redis',
      url: urls.REDIS_URL,
      defaultPort: 6379,
      installed: () => has('redis-server'),
      start: () =>
        run(
          'mkdir -p /var/lib/redis /var/log/redis && redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log',
        ),
      hint: 'install it (Debian: apt-get install redis-server) or set REDIS_URL to a running server',
    },
    {
      name: 'RabbitMQ',
      url: urls.RABBITMQ_URL,
      defaultPort: 5672,
      installed: () => has('rabbitmq-server'),
      start: () => run('rabbitmq-server -detached'),
      hint: 'install it (Debian: apt-get install rabbitmq-server) or set RABBITMQ_URL to a running broker',
    },
  ];
}

/**
 * Reuses each service where it answers; starts a local install that is down; otherwise fails with
 * one message naming everything that is missing and how to get it.
 */
export async function ensureServices(
  urls: { DATABASE_URL: string; REDIS_URL: string; RABBITMQ_URL: string },
  log: (msg: string) => void = () => {},
  { start = true, waitMs = 60_000 } = {},
): Promise<void> {
  const missing: string[] = [];
  await Promise.all(
    servicesFor(urls).map(async (s) => {
      const u = new URL(s.url);
      const host = u.hostname;
      const port = Number(u.port || s.defaultPort);
      if (await reachable(host, port)) return;
      if (!start || !LOCAL.has(host) || !s.installed()) {
        missing.push(`${s.name} is not reachable at ${host}:${port}: ${s.hint}`);
        return;
      }
      log(`${s.name} is down at ${host}:${port}; starting it`);
      try {
        s.start();
      } catch (err) {
        missing.push(`${s.name} could not be started (${(err as Error).message.split('\n')[0]}): ${s.hint}`);
        return;
      }
      const deadline = Date.now() + waitMs;
      while (Date.now() < deadline) {
        if (await reachable(host, port)) return log(`${s.name} is up`);
        await new Promise((r) => setTimeout(r, 500));
      }
      missing.push(`${s.name} was started but did not answer on ${host}:${port} within ${waitMs / 1000} s`);
    }),
  );
  if (missing.length > 0) throw new Error(`Atelier needs these services:\n  - ${missing.join('\n  - ')}`);
}
