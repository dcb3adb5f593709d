import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { alertRules, MONITORING_DIR, readYaml, run, schemaValidator } from './files';

/** promtool comes with Debian's prometheus package (.ci/run installs it). */
async function promtool(...args: string[]): Promise<string> {
  try {
    const { stdout, stderr } = await run('promtool', args, { cwd: MONITORING_DIR, timeout: 60_000 });
    return stdout + stderr;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stdout?: string; stderr?: string };
    if (e.code === 'ENOENT') throw new Error('promtool is missing: apt-get install -y prometheus');
    throw new Error(`promtool ${args.join(' ')} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`);
  }
}

describe('monitoring configuration (deploy/monitoring)', () => {
  it.each([
    ['prometheus.yml', 'prometheus.schema.json'],
    ['prometheus.local.yml', 'prometheus.schema.json'],
    ['alerts.rules.yml', 'prometheus.rules.schema.json'],
    ['alerts.test.yml', 'prometheus.rules.test.schema.json'],
  ])('%s is valid against %s', (file, schema) => {
    const validate = schemaValidator(schema);
    const ok = validate(readYaml(file));
    expect(validate.errors ?? [], file).toEqual([]);
    expect(ok).toBe(true);
  });

  it('promtool checks the rules and the local scrape configuration', async () => {
    expect(await promtool('check', 'rules', 'alerts.rules.yml')).toMatch(/SUCCESS: 7 rules found/);
    // Debian's build has no Kubernetes service discovery, so only the local configuration is loaded.
    expect(await promtool('check', 'config', 'prometheus.local.yml')).toMatch(/is valid prometheus config/);
  });

  it('promtool runs the unit tests of every alert', async () => {
    expect(await promtool('test', 'rules', 'alerts.test.yml')).toMatch(/SUCCESS/);
  });

  it('every alert has a severity, a summary, a description, a runbook and a firing unit test', () => {
    const tests = readYaml('alerts.test.yml') as {
      tests: Array<{ alert_rule_test?: Array<{ alertname: string; exp_alerts?: unknown[] }> }>;
    };
    const fired = new Set(
      tests.tests.flatMap((t) =>
        (t.alert_rule_test ?? []).filter((a) => (a.exp_alerts ?? []).length > 0).map((a) => a.alertname),
      ),
    );
    const quiet = new Set(
      tests.tests.flatMap((t) =>
        (t.alert_rule_test ?? []).filter((a) => (a.exp_alerts ?? []).length === 0).map((a) => a.alertname),
      ),
    );
    const rules = alertRules();
    expect(rules.map((r) => r.alert).sort()).toEqual(
      [
        'ColdStartsHigh',
        'CoreApiLatencyHigh',
        'DeadLetterQueueNotEmpty',
        'GenerationSuccessLow',
        'GpuPoolQueueSaturated',
        'OutboxBacklogOld',
        'PaymentFailureRateHigh',
      ].sort(),
    );
    for (const r of rules) {
      expect(['critical', 'warning'], r.alert).toContain(r.labels?.severity);
      expect(r.annotations?.summary, r.alert).toBeTruthy();
      expect(r.annotations?.description, r.alert).toBeTruthy();
      expect(r.annotations?.runbook_url, r.alert).toBe(`docs/operations.md#${r.alert.toLowerCase()}`);
      expect(fired.has(r.alert), `${r.alert} has a test where it fires`).toBe(true);
      expect(quiet.has(r.alert), `${r.alert} has a test where it stays quiet`).toBe(true);
    }
  });

  it('the local scrape configuration reads the gateway and its function discovery', () => {
    const cfg = readYaml('prometheus.local.yml') as {
      scrape_configs: Array<{
        job_name: string;
        metrics_path?: string;
        http_sd_configs?: Array<{ url: string }>;
      }>;
    };
    const jobs = Object.fromEntries(cfg.scrape_configs.map((j) => [j.job_name, j]));
    expect(jobs['atelier-runner']?.metrics_path).toBe('/_/metrics');
    expect(jobs['atelier-functions']?.http_sd_configs?.[0]?.url).toBe('http://127.0.0.1:8080/_/targets');
    expect(join(MONITORING_DIR, 'alerts.rules.yml')).toContain('deploy/monitoring');
  });
});
