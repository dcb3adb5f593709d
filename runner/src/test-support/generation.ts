import { lockAccount, post, refreshGrant } from '@atelier/shared/billing/ledger';
import { ledgerEntries, outbox } from '@atelier/shared/db/schema';
import { asc, like, sql } from 'drizzle-orm';
import sharp from 'sharp';
import { eventually, type TestPlatform } from './platform';
import { type Json, request } from './users';

type Caller = { accessToken: string };

export interface SampleView {
  id: string;
  index: number;
  url: string;
  width: number;
  height: number;
  provider: string;
  model: string;
  offline: boolean;
  cost: string;
}

/** POST /v1/generations, expecting 202. */
export async function generate(p: TestPlatform, user: Caller, body: Record<string, unknown>) {
  const res = await request(p, user, 'POST', '/v1/generations', body);
  if (res.status !== 202) throw new Error(`expected 202, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body as Json & { id: string };
}

/** Polls GET /v1/generations/:id until it is in one of `states`. */
export async function waitFor(
  p: TestPlatform,
  user: Caller,
  id: string,
  states: string[],
  timeoutMs = 60_000,
) {
  return eventually(
    async () => {
      const res = await request(p, user, 'GET', `/v1/generations/${id}`);
      return states.includes(res.body.state as string)
        ? (res.body as Json & { samples: SampleView[] })
        : undefined;
    },
    timeoutMs,
    150,
  );
}

/** Width, height and format of an image behind a (presigned) URL. */
export async function imageAt(url: string) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url} → ${res.status}`);
  const meta = await sharp(new Uint8Array(await res.arrayBuffer())).metadata();
  return { format: meta.format, width: meta.width, height: meta.height };
}

/** The ledger entries (kind, credits moved) of everything a generation paid for, oldest first. */
export async function ledgerOf(p: TestPlatform, generationId: string) {
  const rows = await p.db.db
    .select({ kind: ledgerEntries.kind, reserved: ledgerEntries.reservedDelta })
    .from(ledgerEntries)
    .where(sql`${ledgerEntries.details}->>'reference' = ${generationId}`)
    .orderBy(asc(ledgerEntries.id));
  return rows.map((r) => `${r.kind}:${Math.abs(r.reserved)}`);
}

/** The types of events a generation emitted, in order. */
export async function eventsOf(p: TestPlatform, generationId: string) {
  const rows = await p.db.db
    .select({ type: outbox.type })
    .from(outbox)
    .where(
      sql`${outbox.data}->>'generationId' = ${generationId} and ${like(outbox.type, 'dev.atelier.generation.%')}`,
    )
    .orderBy(asc(outbox.createdAt));
  return rows.map((r) => r.type.replace('dev.atelier.generation.', '').replace('.v1', ''));
}

/** Spends a user's monthly credits down to `left` (an adjustment entry, as ops would post). */
export async function leaveCredits(p: TestPlatform, userId: string, left: number) {
  await p.db.db.transaction(async (tx) => {
    const account = await lockAccount(tx, { userId });
    // A fresh account gets its month's grant lazily: make sure it is there before taking it away.
    await refreshGrant(tx, account);
    const available = account.grant + account.purchased;
    await post(tx, account, {
      kind: 'adjustment',
      idempotencyKey: `test:drain:${userId}:${left}`,
      grant: left - available,
      details: { reason: 'test: spend credits down' },
    });
  });
}

/** An environment in which no AI provider is configured (the offline previews), whatever the shell has. */
export const withoutAiProviders = (): Record<string, string> =>
  Object.fromEntries(
    Object.keys(process.env)
      .filter((k) => k.startsWith('OPENAI') || k === 'GPU_POOL_URL')
      .map((k) => [k, '']),
  );
