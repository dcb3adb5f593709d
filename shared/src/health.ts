/** A dependency probe: resolves when the dependency answers. */
export interface HealthCheck {
  name: string;
  run(): Promise<unknown>;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  checks: Record<string, { ok: boolean; ms: number; error?: string }>;
}

const withTimeout = <T>(p: Promise<T>, ms: number) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(resolve, reject).finally(() => clearTimeout(timer));
  });

/** Runs every probe in parallel with a deadline; never throws. */
export async function runChecks(checks: HealthCheck[], timeoutMs = 2000): Promise<HealthReport> {
  const results = await Promise.all(
    checks.map(async (check) => {
      const started = performance.now();
      try {
        await withTimeout(check.run(), timeoutMs);
        return [check.name, { ok: true, ms: +(performance.now() - started).toFixed(1) }] as const;
      } catch (err) {
        const e = err as { code?: string; name?: string; message?: string };
        const error = e.code ?? e.name ?? 'error';
        return [
          check.name,
          {
            ok: false,
            ms: +(performance.now() - started).toFixed(1),
            error: `${error}: ${e.message ?? ''}`.slice(0, 200),
          },
        ] as const;
      }
    }),
  );
  const report = Object.fromEntries(results);
  return { status: results.every(([, r]) => r.ok) ? 'ok' : 'degraded', checks: report };
}
