import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { build } from 'esbuild';
import { generateSigningKeyPem, jwks, loadSigningKey } from '../shared/src/auth/keys';
import { ARGON2_PARAMS, hashPassword, verifyPassword } from '../shared/src/auth/passwords';
import { createAccessTokenIssuer } from '../shared/src/auth/tokens';
import { fmt, table } from './support';

/** npm run bench:identity — password hashing throughput and the cost of requireAuth. Prints tables. */
const out: string[] = [];

async function throughput(label: string, work: () => Promise<unknown>, seconds = 5, concurrency = 2) {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await work();
        done++;
      }
    }),
  );
  return [label, fmt(done / seconds, 1), String(concurrency)];
}

async function passwords() {
  const stored = await hashPassword('Correct-horse-9');
  const rows = [
    await throughput('verify (a sign-in)', () => verifyPassword(stored, 'Correct-horse-9')),
    await throughput('hash (a registration or password change)', () => hashPassword('Correct-horse-9')),
  ];
  const { memoryCost, timeCost, parallelism } = ARGON2_PARAMS;
  out.push(
    table(
      `argon2id m=${memoryCost} KiB, t=${timeCost}, p=${parallelism}`,
      ['operation', 'per second', 'concurrent'],
      rows,
    ),
  );
}

async function requireAuthOverhead() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-identity-'));
  await build({
    entryPoints: ['bench/fixtures/auth-echo/src/main.ts'],
    outfile: join(dir, 'main.mjs'),
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    banner: { js: "import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);" },
    logLevel: 'warning',
  });
  const key = await loadSigningKey(generateSigningKeyPem());
  const { token } = await createAccessTokenIssuer(key, {
    issuer: 'https://atelier.bench',
    audience: 'atelier',
  }).issue(randomUUID(), randomUUID());
  const child = fork(join(dir, 'main.mjs'), [], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'warn', JWT_JWKS: JSON.stringify(jwks(key)) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve) =>
    child.on('message', (m: { port?: number }) => m.port && resolve(m.port)),
  );
  try {
    const run = async (path: string) =>
      (
        await autocannon({
          url: `http://127.0.0.1:${port}${path}`,
          connections: 32,
          duration: 8,
          headers: { authorization: `Bearer ${token}` },
        })
      ).requests.average;
    await run('/secure'); // warm-up
    const open = await run('/open');
    const secure = await run('/secure');
    out.push(
      table(
        'requireAuth on a trivial route (32 connections, 8 s; one token, verified once then cached)',
        ['route', 'req/s'],
        [
          ['without requireAuth', fmt(open, 0)],
          ['with requireAuth', fmt(secure, 0)],
          ['ratio', `${fmt(secure / open, 2)} x`],
        ],
      ),
    );
  } finally {
    child.kill('SIGTERM');
  }
}

await passwords();
await requireAuthOverhead();
process.stdout.write(
  `${out.join('\n')}\n\nmachine: ${(await import('node:os')).cpus().length} cores, node ${process.version}\n`,
);
