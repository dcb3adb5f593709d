import { type HealthCheck, runChecks } from '@atelier/shared/health';

export interface StatusDeps {
  version: string;
  checks: HealthCheck[];
  clock: () => number;
  /** When the platform (not this process, which scales to zero) came up. */
  platformStartedAt: number;
}

export async function getStatus(deps: StatusDeps) {
  const report = await runChecks(deps.checks);
  const now = deps.clock();
  return {
    service: 'atelier',
    version: deps.version,
    status: report.status,
    uptimeSeconds: Math.round((now - deps.platformStartedAt) / 1000),
    processUptimeSeconds: Math.round(process.uptime()),
    time: new Date(now).toISOString(),
    checks: report.checks,
  };
}
