import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { entitlementsFor } from '@atelier/shared/billing/plans';
import { ledgerEntries, teams, users } from '@atelier/shared/db/schema';
import { scratchDatabase } from '@atelier/shared/testing/db';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../build';

const run = promisify(execFile);

describe('npm run atelier -- billing', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  beforeAll(async () => {
    scratch = await scratchDatabase();
  });
  afterAll(() => scratch?.drop());

  const atelier = (...args: string[]) =>
    run(process.execPath, ['--import', 'tsx', 'runner/src/cli/atelier.ts', 'billing', ...args], {
      cwd: repoRoot,
      env: { ...process.env, DATABASE_URL: scratch.url, LOG_LEVEL: 'silent' },
    }).then(
      (r) => ({ code: 0, out: r.stdout.trim() }),
      (e: { code: number; stderr: string }) => ({ code: e.code, out: e.stderr.trim() }),
    );

  const newUserId = async () =>
    (
      await scratch.db
        .insert(users)
        .values({ email: `${randomUUID()}@example.test` })
        .returning()
    )[0]!.id;
  const newTeamId = async () =>
    (await scratch.db.insert(teams).values({ name: 'Studio' }).returning())[0]!.id;

  it('adjusts credits with a reason in the history, and puts a team on Enterprise and off again', async () => {
    const userId = await newUserId();
    expect(await atelier('adjust', `user:${userId}`, '250', 'goodwill', 'for the outage')).toEqual({
      code: 0,
      out: 'balance now 350 (monthly 100, purchased 250, held 0)',
    });
    const entries = await scratch.db.select().from(ledgerEntries);
    expect(entries.find((e) => e.kind === 'adjustment')?.details).toEqual({
      reason: 'goodwill for the outage',
      credits: 250,
    });

    const teamId = await newTeamId();
    const started = await atelier('enterprise', `team:${teamId}`, '40', '12');
    expect(started.code).toBe(0);
    expect((await entitlementsFor(scratch.db, { teamId })).plan).toBe('enterprise');
    const twice = await atelier('enterprise', `team:${teamId}`, '40', '12');
    expect(twice).toMatchObject({ code: 2, out: expect.stringContaining('live enterprise subscription') });
    // 200 credits a seat, a month at a time however long the contract.
    const { creditSummary } = await import('@atelier/shared/billing/credits');
    const month = await scratch.db.transaction((tx) => creditSummary(tx, { teamId }));
    expect(month.monthly).toBe(8_000);
    expect(new Date(month.monthlyExpiresAt!).getTime() - Date.now()).toBeLessThan(32 * 86_400_000);
    const later = await scratch.db.transaction((tx) =>
      creditSummary(tx, { teamId }, new Date(Date.now() + 45 * 86_400_000)),
    );
    expect(later.monthly).toBe(8_000);
    expect(await atelier('end', `team:${teamId}`)).toMatchObject({
      code: 0,
      out: expect.stringMatching(/ended$/),
    });
    expect((await entitlementsFor(scratch.db, { teamId })).plan).toBe('free');
    expect(await atelier('reconcile')).toEqual({ code: 0, out: 'every account matches its ledger' });
    const [mine] = await scratch.db.select().from(ledgerEntries).where(eq(ledgerEntries.kind, 'adjustment'));
    expect(mine).toBeDefined();
  });

  it('refuses bad input with a clear message and changes nothing', async () => {
    expect(await atelier('adjust', 'someone', '5', 'x')).toMatchObject({
      code: 2,
      out: expect.stringContaining('user:<uuid>'),
    });
    expect(await atelier('adjust', `user:${randomUUID()}`, '1.5', 'x')).toMatchObject({ code: 2 });
    expect(await atelier('adjust', `user:${randomUUID()}`, '5', '')).toMatchObject({
      code: 2,
      out: expect.stringContaining('say why'),
    });
    expect(await atelier('enterprise', `team:${randomUUID()}`, '0', '12')).toMatchObject({ code: 2 });
  });
});
