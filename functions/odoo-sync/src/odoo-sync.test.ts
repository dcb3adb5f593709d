import { randomUUID } from 'node:crypto';
import { creditAccounts, invoices } from '@atelier/shared/db/schema';
import { billing } from '@atelier/shared/events/catalog';
import { createOutbox, type Outbox } from '@atelier/shared/events/outbox';
import { rabbitPublisher } from '@atelier/shared/events/publisher';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listDeadLetters } from '../../../runner/src/dlq';
import { type OdooFake, startOdooFake } from '../../../runner/src/test-support/odoo-fake';
import {
  eventually,
  rabbitUrl,
  startTestPlatform,
  type TestPlatform,
} from '../../../runner/src/test-support/platform';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each([
  { api: 'jsonrpc', downs: ['refuse', 'hang'] },
  { api: 'json2', downs: ['bad-gateway'] },
] as const)('odoo-sync over $api', ({ api, downs }) => {
  let p: TestPlatform;
  let odoo: OdooFake;
  let outbox: Outbox;

  beforeAll(async () => {
    odoo = await startOdooFake();
    p = await startTestPlatform({
      ODOO_URL: odoo.url,
      ODOO_API: api,
      ODOO_DB: odoo.db,
      ODOO_USER: odoo.user,
      ODOO_API_KEY: odoo.apiKey,
      ODOO_TAX_ID: String(odoo.taxId),
      ODOO_TIMEOUT_MS: '2000',
    });
    outbox = createOutbox({
      db: p.db.db,
      publisher: rabbitPublisher({ RABBITMQ_URL: rabbitUrl, EVENTS_EXCHANGE: p.env.EVENTS_EXCHANGE! }),
      source: 'tests/odoo-sync',
    });
  });
  afterAll(async () => {
    await p?.stop();
    await odoo?.close();
  });

  const publish = (invoiceId: string, kind: 'invoice' | 'credit_note' = 'invoice') =>
    outbox.transaction((tx, emit) =>
      emit(tx, billing.invoiceRecorded, { invoiceId, kind, provider: 'stripe' }),
    );
  const row = async (id: string) => (await p.db.db.select().from(invoices).where(eq(invoices.id, id)))[0]!;
  const synced = async (id: string) => {
    const r = await row(id);
    return r.odooSyncedAt !== null && r;
  };
  const moves = (ref: string) => odoo.records('account.move').filter((m) => m.ref === ref);
  const deadLetters = async () =>
    listDeadLetters(
      rabbitUrl,
      p.runner.router.triggers.filter((t) => t.fn === 'odoo-sync'),
    );

  async function account() {
    const [a] = await p.db.db.insert(creditAccounts).values({ ownerUserId: randomUUID() }).returning();
    return a!.id;
  }
  async function invoice(
    accountId: string,
    more: Partial<typeof invoices.$inferInsert> = {},
  ): Promise<typeof invoices.$inferSelect> {
    const id = randomUUID();
    const [inv] = await p.db.db
      .insert(invoices)
      .values({
        id,
        accountId,
        kind: 'invoice',
        provider: 'stripe',
        providerRef: `in_${id}`,
        number: `INV-${id.slice(0, 8)}`,
        description: '1000 credits',
        lines: [
          { sku: 'pack-1000', description: '1000 Atelier credits', quantity: 1, unitAmountCents: 4999 },
        ],
        totalCents: 4999,
        currency: 'usd',
        customerName: 'Ada Lovelace',
        customerEmail: 'ada@example.com',
        ...more,
      })
      .returning();
    return inv!;
  }

  it('posts an invoice once when its event arrives twice, and reuses the customer', async () => {
    const acc = await account();
    const first = await invoice(acc);
    await Promise.all([publish(first.id), publish(first.id)]);
    const done = await eventually(() => synced(first.id));
    await sleep(500); // the second delivery finds it synced
    const [move] = moves(first.number);
    expect(moves(first.number)).toHaveLength(1);
    expect(done.odooMoveId).toBe(move!.id);
    expect(move).toMatchObject({
      move_type: 'out_invoice',
      state: 'posted',
      currency_id: 2,
      invoice_line_ids: [
        {
          product_id: 7,
          name: '1000 Atelier credits',
          quantity: 1,
          price_unit: 49.99,
          tax_ids: [odoo.taxId],
        },
      ],
    });
    const partners = odoo.records('res.partner').filter((r) => r.ref === `atelier:${acc}`);
    expect(partners).toEqual([
      { id: move!.partner_id, name: 'Ada Lovelace', email: 'ada@example.com', ref: `atelier:${acc}` },
    ]);

    // A second invoice of the same account: the same partner, its new name written over.
    const second = await invoice(acc, { customerName: 'Ada King' });
    await publish(second.id);
    await eventually(() => synced(second.id));
    expect(moves(second.number)[0]?.partner_id).toBe(move!.partner_id);
    expect(odoo.records('res.partner').filter((r) => r.ref === `atelier:${acc}`)).toEqual([
      expect.objectContaining({ id: move!.partner_id, name: 'Ada King' }),
    ]);
    expect(odoo.calls.filter((c) => c.model === 'res.partner' && c.method === 'create')).toHaveLength(1);
  });

  it('posts a credit note as out_refund reversing its invoice (put in Odoo first when it is not yet)', async () => {
    const original = await invoice(await account());
    const note = await invoice(original.accountId, {
      kind: 'credit_note',
      invoiceId: original.id,
      providerRef: `re_${original.id}`,
      number: `CRN-${original.id.slice(0, 8)}`,
      description: 'Refund of the pack',
      lines: [{ sku: 'pack-1000', description: 'Refund: 1000 credits', quantity: 1, unitAmountCents: 4999 }],
    });
    await publish(note.id, 'credit_note');
    const done = await eventually(() => synced(note.id));
    const invoiced = await row(original.id);
    expect(invoiced.odooMoveId).toBe(moves(original.number)[0]?.id);
    expect(moves(note.number)).toEqual([
      expect.objectContaining({
        id: done.odooMoveId,
        move_type: 'out_refund',
        state: 'posted',
        reversed_entry_id: invoiced.odooMoveId,
      }),
    ]);
    // The invoice's own event, arriving later, does nothing more.
    await publish(original.id);
    await sleep(500);
    expect(moves(original.number)).toHaveLength(1);
  });

  it.each(downs)('retries while Odoo is down (%s) and creates the invoice once it is back', async (down) => {
    const inv = await invoice(await account());
    odoo.down = down;
    odoo.downHits = 0;
    await publish(inv.id);
    await eventually(async () => odoo.downHits >= 2);
    expect((await row(inv.id)).odooSyncedAt).toBeNull();
    odoo.down = false;
    await eventually(() => synced(inv.id), 15_000);
    expect(moves(inv.number)).toEqual([expect.objectContaining({ state: 'posted' })]);
  });

  it('dead-letters with a clear reason when the credits product is missing in Odoo', async () => {
    const inv = await invoice(await account());
    const before = (await deadLetters())[0]?.count ?? 0;
    const products = odoo.models['product.product']!;
    const product = products.get(7)!;
    products.delete(7);
    try {
      await publish(inv.id);
      const [dlq] = await eventually(async () => {
        const d = await deadLetters();
        return d[0]!.count > before && d;
      });
      expect(dlq!.samples.map((s) => s.reason).join('\n')).toContain(
        'Odoo has no product with internal reference ATELIER-CREDITS',
      );
      expect((await row(inv.id)).odooSyncedAt).toBeNull();
    } finally {
      products.set(7, product);
    }
  });

  it("retries after Odoo's session-expired error (an error answer, HTTP 200 over JSON-RPC)", async () => {
    const inv = await invoice(await account());
    const before = odoo.calls.length;
    odoo.expireSessions = 1;
    await publish(inv.id);
    await eventually(() => synced(inv.id), 15_000);
    const expired = odoo.calls.slice(before).filter((c) => c.error === 'odoo.http.SessionExpiredException');
    expect(expired).toEqual([expect.objectContaining({ status: api === 'jsonrpc' ? 200 : 403 })]);
    expect(moves(inv.number)).toHaveLength(1);
  });

  it("dead-letters at once with Odoo's reason when Odoo refuses, and marks nothing synced", async () => {
    const inv = await invoice(await account());
    const before = (await deadLetters())[0]?.count ?? 0;
    const callsBefore = odoo.calls.length;
    odoo.refuse = 'The operation cannot be completed: the fiscal period is locked.';
    try {
      await publish(inv.id);
      const [dlq] = await eventually(async () => {
        const d = await deadLetters();
        return d[0]!.count > before && d;
      });
      const refusals = odoo.calls.slice(callsBefore).filter((c) => c.error === 'odoo.exceptions.UserError');
      // One try only; over JSON-RPC, Odoo's refusal came back as HTTP 200.
      expect(refusals).toEqual([
        expect.objectContaining({
          model: 'account.move',
          method: 'create',
          status: api === 'jsonrpc' ? 200 : 422,
        }),
      ]);
      const reasons = dlq!.samples.map((s) => s.reason).join('\n');
      expect(reasons).toContain('rejected with 422');
      expect(reasons).toContain('Odoo refused (UserError): The operation cannot be completed');
      const after = await row(inv.id);
      expect(after.odooSyncedAt).toBeNull();
      expect(after.odooMoveId).toBeNull();
      expect(moves(inv.number)).toHaveLength(0);
    } finally {
      odoo.refuse = false;
    }
  });
});
