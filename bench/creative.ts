import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import { fmt, json, signIn, startRunnerProcess, table } from './support';

/**
 * npm run bench:creative — the project list (50 items, authenticated) through the gateway under 50
 * concurrent clients, and thumbnail throughput for 2,000 × 2,000 px JPEGs. Prints tables.
 */
const out: string[] = [];

async function projectList() {
  const runner = await startRunnerProcess('stack.yml', {
    DATA_DIR: '.data/bench-creative',
    MAILBOX_KEY: `bench:mailbox:${randomUUID()}`,
    LOGIN_PER_IP_PER_MINUTE: '100000',
    REGISTER_PER_IP_PER_HOUR: '100000',
  });
  try {
    const token = await signIn(runner);
    const wb = (await json(runner, 'POST', '/v1/workbenches', { name: 'Bench' }, token)).id as string;
    for (let i = 0; i < 50; i++) {
      await json(
        runner,
        'POST',
        `/v1/workbenches/${wb}/projects`,
        { name: `P${i}`, format: 'x_post' },
        token,
      );
    }
    const run = (duration: number) =>
      autocannon({
        url: `${runner.url}/v1/workbenches/${wb}/projects?limit=50`,
        connections: 50,
        duration,
        headers: { authorization: `Bearer ${token}` },
      });
    await run(3); // warm-up: JIT, pools, caches
    const r = await run(10);
    out.push(
      table(
        'project list: GET /v1/workbenches/:id/projects?limit=50, 50 concurrent clients, 10 s (target p95 < 50 ms)',
        ['requests/s', 'p50 ms', 'p90 ms', 'p97.5 ms', 'p99 ms', 'non-2xx'],
        [
          [
            fmt(r.requests.average, 0),
            fmt(r.latency.p50, 1),
            fmt(r.latency.p90, 1),
            fmt(r.latency.p97_5, 1),
            fmt(r.latency.p99, 1),
            String(r.non2xx),
          ],
        ],
      ),
    );
  } finally {
    await runner.stop();
  }
}

async function thumbnails() {
  const sharp = (await import('sharp')).default;
  sharp.concurrency(1);
  // A photo-like 2,000 × 2,000 JPEG (noise compresses like a real photo, unlike a flat colour).
  const noise = Buffer.alloc(2000 * 2000 * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) >>> 24;
  const jpeg = await sharp(noise, { raw: { width: 2000, height: 2000, channels: 3 } })
    .jpeg({ quality: 85 })
    .toBuffer();
  const rows: string[][] = [];
  for (const workers of [1, 2]) {
    let done = 0;
    const seconds = 8;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: workers }, async () => {
        while (performance.now() < until) {
          await sharp(jpeg).rotate().resize(320, 320, { fit: 'inside' }).webp({ quality: 80 }).toBuffer();
          done++;
        }
      }),
    );
    rows.push([
      String(workers),
      fmt(done / seconds, 1),
      fmt((jpeg.length / 1024 / 1024) * (done / seconds), 1),
    ]);
  }
  out.push(
    table(
      `thumbnails: 2,000 × 2,000 JPEG (${fmt(jpeg.length / 1024, 0)} KiB) → 320 px WebP with sharp`,
      ['concurrent', 'images/s', 'MiB/s in'],
      rows,
    ),
  );
}

await projectList();
await thumbnails();
console.log(out.join('\n'));
process.exit(0);
