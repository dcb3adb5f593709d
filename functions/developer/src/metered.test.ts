import { creditAccounts, generations, ledgerEntries } from '@atelier/shared/db/schema';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newProject } from '../../../runner/src/test-support/creative';
import { generate, ledgerOf, waitFor, withoutAiProviders } from '../../../runner/src/test-support/generation';
import { eventually, startTestPlatform, type TestPlatform } from '../../../runner/src/test-support/platform';
import { newUser, request, type TestUser } from '../../../runner/src/test-support/users';

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform(withoutAiProviders());
}, 120_000);
afterAll(async () => p?.stop());

async function keyFor(user: TestUser, billing: 'credits' | 'metered') {
  const res = await request(p, user, 'POST', '/v1/developer/keys', {
    name: billing,
    scopes: ['generations:write', 'generations:read'],
    billing,
  });
  expect(res.status).toBe(201);
  return res.body as { key: { id: string }; secret: string };
}

const balanceOf = async (userId: string) => {
  const [a] = await p.db.db.select().from(creditAccounts).where(eq(creditAccounts.ownerUserId, userId));
  return a ? a.grant + a.purchased : undefined;
};

const moneyEntries = async (generationId: string) =>
  (
    await p.db.db
      .select({ details: ledgerEntries.details })
      .from(ledgerEntries)
      .where(
        sql`${ledgerEntries.kind} = 'api_usage' and ${ledgerEntries.details}->>'reference' = ${generationId}`,
      )
      .orderBy(asc(ledgerEntries.id))
  ).map((e) => e.details);

describe('paying for generations made with API keys', () => {
  it('charges a pay-as-you-go key $0.05 a generation through the ledger and no credits, final included', async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const { key, secret } = await keyFor(user, 'metered');
    const api = { accessToken: secret };

    const accepted = await generate(p, api, { projectId, prompt: 'a lighthouse at dawn' });
    const [row] = await p.db.db.select().from(generations).where(eq(generations.id, accepted.id));
    expect(row!.apiKeyId).toBe(key.id);
    const ready = await waitFor(p, api, accepted.id, ['awaiting_selection']);
    expect(await moneyEntries(accepted.id)).toEqual([
      expect.objectContaining({ operation: 'samples', amountCents: 5, currency: 'usd' }),
    ]);
    const before = await balanceOf(user.userId);
    expect(before).toBe(100); // Free's month of credits, untouched

    const chosen = await request(p, api, 'POST', `/v1/generations/${accepted.id}/select`, {
      sampleId: ready.samples[0]!.id,
      quality: 'high',
    });
    expect(chosen.status).toBe(202);
    await waitFor(p, api, accepted.id, ['completed']);
    expect(await balanceOf(user.userId)).toBe(100);
    expect(await moneyEntries(accepted.id)).toHaveLength(1);
    expect(await ledgerOf(p, accepted.id)).toEqual(['api_usage:0']);

    // The portal counts the generation against the key.
    const usage = await eventually(async () => {
      const res = await request(p, user, 'GET', `/v1/developer/usage?keyId=${key.id}&days=1`);
      const k = (res.body.keys as Array<{ generations: number; requests: number }>)[0]!;
      return k.generations === 1 ? k : undefined;
    });
    expect(usage.requests).toBeGreaterThanOrEqual(3);
  });

  it('spends credits like the app with a credits key', async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const { secret } = await keyFor(user, 'credits');
    const accepted = await generate(p, { accessToken: secret }, { projectId, prompt: 'a red bicycle' });
    await waitFor(p, { accessToken: secret }, accepted.id, ['awaiting_selection']);
    expect(await ledgerOf(p, accepted.id)).toEqual(['reserve:1', 'capture:1']);
    expect(await moneyEntries(accepted.id)).toEqual([]);
    expect(await balanceOf(user.userId)).toBe(99);
  });
});
