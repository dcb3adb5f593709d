import { createRedis } from '@atelier/shared/redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, startTestPlatform, type TestPlatform } from './test-support/platform';

describe('cron triggers', () => {
  let p: TestPlatform;
  const redis = createRedis({ REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' });
  beforeAll(async () => {
    p = await startTestPlatform();
  });
  afterAll(async () => {
    await p?.stop();
    await redis.quit();
  });

  it('schedules each cron-function by its schedule', () => {
    const next = p.runner.cron.nextRuns();
    expect(Object.keys(next)).toEqual(['flaky']);
    const at = Date.parse(next.flaky!);
    expect(at).toBeGreaterThan(Date.now());
    expect(at - Date.now()).toBeLessThanOrEqual(5 * 60_000);
    expect(new Date(at).getUTCMinutes() % 5).toBe(0);
  });

  it('delivers a tick as a PingSource CloudEvent, waking the function from zero', async () => {
    const before = await redis.llen('flaky:cron');
    expect(p.runner.instances.get('flaky')!.state).toBe('stopped');
    expect(await p.runner.cron.fire('flaky')).toBe(202);
    await eventually(async () => (await redis.llen('flaky:cron')) === before + 1);
  });
});
