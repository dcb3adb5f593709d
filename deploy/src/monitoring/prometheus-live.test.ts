import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ops } from '@atelier/shared/events/catalog';
import { createOutbox } from '@atelier/shared/events/outbox';
import { rabbitPublisher } from '@atelier/shared/events/publisher';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { eventually, startTestPlatform, type TestPlatform } from '../../../runner/src/test-support/platform';
import { alertRules, dashboards, exportedMetricNames, MONITORING_DIR, panelsOf } from './files';

type ScrapeConfig = {
  job_name: string;
  static_configs?: Array<{ targets: string[] }>;
  http_sd_configs?: Array<{ url: string; refresh_interval?: string }>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** deploy/monitoring/prometheus.local.yml pointed at the test platform's gateway, scraping every second. */
function localConfig(gateway: string): string {
  const cfg = parse(readFileSync(join(MONITORING_DIR, 'prometheus.local.yml'), 'utf8')) as {
    global: Record<string, unknown>;
    rule_files: string[];
    scrape_configs: ScrapeConfig[];
  };
  cfg.global.scrape_interval = '1s';
  cfg.global.evaluation_interval = '1s';
  cfg.rule_files = cfg.rule_files.map((f) => join(MONITORING_DIR, f));
  for (const job of cfg.scrape_configs) {
    for (const s of job.static_configs ?? [])
      s.targets = s.targets.map((t) => t.replace('127.0.0.1:8080', gateway));
    for (const sd of job.http_sd_configs ?? []) {
      sd.url = sd.url.replace('127.0.0.1:8080', gateway);
      sd.refresh_interval = '1s';
    }
  }
  return stringify(cfg);
}

describe('a real Prometheus scraping the local runner', () => {
  let p: TestPlatform;
  let prom: ChildProcess | undefined;
  let promUrl: string;
  let dir: string;
  let promLog = '';

  const query = async (
    q: string,
  ): Promise<Array<{ metric: Record<string, string>; value: [number, string] }>> => {
    const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`);
    if (!res.ok) return [];
    const body = (await res.json()) as {
      data: { result: Array<{ metric: Record<string, string>; value: [number, string] }> };
    };
    return body.data.result;
  };

  beforeAll(async () => {
    p = await startTestPlatform();
    dir = mkdtempSync(join(tmpdir(), 'atelier-prometheus-'));
    const gateway = new URL(p.url).host;
    writeFileSync(join(dir, 'prometheus.yml'), localConfig(gateway));
    const port = await freePort();
    promUrl = `http://127.0.0.1:${port}`;
    prom = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const keep = (b: Buffer) => {
      promLog = (promLog + b.toString()).slice(-4000);
    };
    prom.stdout?.on('data', keep);
    prom.stderr?.on('data', keep);
    prom.once('error', (err) => {
      promLog += `\nspawn failed: ${err.message} (apt-get install -y prometheus)`;
    });
    await eventually(
      async () =>
        prom?.exitCode === null &&
        (await fetch(`${promUrl}/-/ready`).then(
          (r) => r.ok,
          () => false,
        )),
      30_000,
      250,
    ).catch((err) => {
      throw new Error(`prometheus did not become ready: ${(err as Error).message}\n${promLog}`);
    });
  }, 120_000);

  afterAll(async () => {
    if (prom && prom.exitCode === null) {
      const exited = new Promise((r) => prom?.once('exit', r));
      prom.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (prom.exitCode === null) prom.kill('SIGKILL');
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
    await p?.stop();
  }, 60_000);

  it('loads the alerting rules', async () => {
    const res = await fetch(`${promUrl}/api/v1/rules?type=alert`);
    const body = (await res.json()) as { data: { groups: Array<{ rules: Array<{ name: string }> }> } };
    expect(body.data.groups.flatMap((g) => g.rules.map((r) => r.name))).toHaveLength(7);
  });

  it('finds the gateway, router, outbox and function series after requests and an event', async () => {
    for (let i = 0; i < 3; i++) expect((await fetch(`${p.url}/v1/status`)).status).toBe(200);
    const outbox = createOutbox({
      db: p.db.db,
      publisher: rabbitPublisher({
        RABBITMQ_URL: p.env.RABBITMQ_URL!,
        EVENTS_EXCHANGE: p.env.EVENTS_EXCHANGE!,
      }),
      source: 'tests/monitoring',
    });
    await outbox.transaction(async (tx, emit) =>
      emit(tx, ops.opsProbeRequested, { note: 'ok', requestedBy: 'prometheus-live.test' }),
    );

    const invocations = await eventually(
      async () => {
        const r = await query('sum(gateway_function_invocation_total{function_name="status",code="200"})');
        return Number(r[0]?.value[1] ?? 0) >= 3 ? r : undefined;
      },
      60_000,
      500,
    );
    expect(invocations).toHaveLength(1);

    // The status function's own /_/metrics, found through the gateway's /_/targets discovery.
    const own = await eventually(
      async () => {
        const r = await query(
          'http_requests_total{job="atelier-functions",function_name="status",route="/v1/status"}',
        );
        return r.length > 0 ? r : undefined;
      },
      60_000,
      500,
    );
    expect(own[0]?.metric.function_name).toBe('status');

    // The probe reached audit through the router, and audit counted it: the series the product alerts read.
    for (const q of [
      'atelier_event_deliveries_total{function_name="audit",outcome="ack",type="dev.atelier.ops.probe.requested.v1"}',
      'atelier_events_consumed_total{job="atelier-functions",function_name="audit",outcome="processed",type="dev.atelier.ops.probe.requested.v1"}',
    ]) {
      await eventually(async () => (await query(q)).length > 0, 60_000, 500).catch(() => {
        throw new Error(`${q} not found in Prometheus`);
      });
    }

    for (const name of [
      'gateway_functions_seconds_bucket',
      'gateway_service_count',
      'atelier_cold_start_seconds_count',
      'atelier_queue_depth',
      'atelier_outbox_oldest_pending_seconds',
      'atelier_credits_spent_total',
    ]) {
      await eventually(async () => (await query(name)).length > 0, 30_000, 500).catch(() => {
        throw new Error(`${name} not found in Prometheus`);
      });
    }
  }, 180_000);

  it('accepts every dashboard query and alert expression', async () => {
    const exprs = [
      ...dashboards().flatMap(({ json }) =>
        panelsOf(json.panels)
          .flatMap((p) => p.targets ?? [])
          .map((t) => t.expr),
      ),
      ...alertRules().map((r) => r.expr),
    ];
    const refused: string[] = [];
    for (const expr of exprs) {
      const q = expr.replaceAll('$__rate_interval', '1m').replaceAll('$function', '.*');
      const res = await fetch(`${promUrl}/api/v1/query?query=${encodeURIComponent(q)}`);
      const body = (await res.json()) as { status: string; error?: string };
      if (body.status !== 'success') refused.push(`${expr}: ${body.error}`);
    }
    expect(exprs.length).toBeGreaterThan(30);
    expect(refused).toEqual([]);
  });

  it('sees only series the code declares (what the dashboards and alerts are checked against)', async () => {
    const res = await fetch(`${promUrl}/api/v1/label/__name__/values`);
    const seen = ((await res.json()) as { data: string[] }).data.filter(
      (n) =>
        !/^(process_|nodejs_|up$|scrape_|prometheus_|ALERTS)/.test(n) &&
        !n.startsWith('net_conntrack') &&
        !n.startsWith('go_'),
    );
    const declared = exportedMetricNames();
    expect(seen.length).toBeGreaterThan(5);
    expect(seen.filter((n) => !declared.has(n))).toEqual([]);
  });
});
