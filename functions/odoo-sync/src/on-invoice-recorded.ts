import type { Tx } from '@atelier/shared/db';
import { invoices } from '@atelier/shared/db/schema';
import { AppError } from '@atelier/shared/errors';
import { billing } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import type { Logger } from '@atelier/shared/log';
import { eq } from 'drizzle-orm';
import type { Odoo } from './odoo-client';

export interface OdooSyncDeps {
  log: Logger;
  /** Null when ODOO_URL is unset: events are acknowledged and nothing is sent. */
  odoo: Odoo | null;
  /** `default_code` of the service product every line is booked on. */
  productCode: string;
  /** The tax put on every line; none when unset (our amounts are what the customer paid). */
  taxId: number | undefined;
}

type Invoice = typeof invoices.$inferSelect;

/**
 * Copies a recorded invoice or credit note into Odoo as a posted customer invoice (`out_invoice`) or
 * credit note (`out_refund`). The row is locked for the whole delivery, so two deliveries for the same
 * invoice run one after the other and the second finds it synced.
 */
export const onInvoiceRecorded = (deps: OdooSyncDeps) =>
  onEvent(billing.invoiceRecorded, async (event, { tx }) => {
    if (!deps.odoo) return;
    const row = await lockInvoice(tx, event.data.invoiceId);
    if (!row) {
      deps.log.warn({ invoiceId: event.data.invoiceId }, 'invoice not found; event ignored');
      return;
    }
    await sync(deps, deps.odoo, tx, row);
  });

async function lockInvoice(tx: Tx, id: string): Promise<Invoice | undefined> {
  const [row] = await tx.select().from(invoices).where(eq(invoices.id, id)).for('update');
  return row;
}

/** Returns the Odoo move id of `row`, creating and posting the move unless it is already synced. */
async function sync(deps: OdooSyncDeps, odoo: Odoo, tx: Tx, row: Invoice): Promise<number> {
  if (row.odooSyncedAt && row.odooMoveId) return row.odooMoveId;
  // A credit note reverses its invoice: put the invoice in Odoo first (if it is not yet), to link them.
  const original =
    row.kind === 'credit_note' && row.invoiceId ? await lockInvoice(tx, row.invoiceId) : undefined;
  const reversedId = original ? await sync(deps, odoo, tx, original) : undefined;
  const moveId = await pushMove(deps, odoo, row, reversedId);
  await tx
    .update(invoices)
    .set({ odooMoveId: moveId, odooSyncedAt: new Date() })
    .where(eq(invoices.id, row.id));
  deps.log.info({ invoiceId: row.id, number: row.number, moveId }, 'invoice copied to Odoo');
  return moveId;
}

/**
 * Idempotent by our number in the move's `ref`: searched before creating. `create` and `action_post`
 * are separate Odoo transactions, so a retry after a failure in between finds the draft and posts it.
 */
async function pushMove(deps: OdooSyncDeps, odoo: Odoo, row: Invoice, reversedId: number | undefined) {
  const moveType = row.kind === 'invoice' ? 'out_invoice' : 'out_refund';
  const [found] = await odoo.call<Array<{ id: number; state: string }>>('account.move', 'search_read', {
    domain: [
      ['ref', '=', row.number],
      ['move_type', '=', moveType],
      ['state', '!=', 'cancel'],
    ],
    fields: ['id', 'state'],
    limit: 1,
  });
  let id = found?.id;
  if (!id) {
    const partnerId = await partnerFor(odoo, row);
    const productId = await productFor(odoo, deps.productCode);
    const currencyId = await currencyFor(odoo, row.currency);
    [id] = await odoo.call<number[]>('account.move', 'create', {
      vals_list: [
        {
          move_type: moveType,
          partner_id: partnerId,
          ref: row.number,
          invoice_date: row.issuedAt.toISOString().slice(0, 10),
          currency_id: currencyId,
          ...(reversedId ? { reversed_entry_id: reversedId } : {}),
          invoice_line_ids: row.lines.map((line) => [
            0,
            0,
            {
              product_id: productId,
              name: line.description,
              quantity: line.quantity,
              price_unit: line.unitAmountCents / 100,
              // Explicitly none when unset: Odoo would otherwise add the product's default taxes.
              tax_ids: [[6, 0, deps.taxId ? [deps.taxId] : []]],
            },
          ]),
        },
      ],
    });
    if (!id) throw new AppError('dependency_unavailable', 503, 'Odoo created no move');
  }
  // action_post's return value means nothing (False, for XML-RPC's sake).
  if (found?.state !== 'posted') await odoo.call('account.move', 'action_post', { ids: [id] });
  return id;
}

/** The customer, found by our `ref` (one partner per credit account), created or brought up to date. */
async function partnerFor(odoo: Odoo, row: Invoice): Promise<number> {
  const ref = `atelier:${row.accountId}`;
  const wanted: Record<string, string> = { name: row.customerName ?? row.customerEmail ?? `Atelier ${ref}` };
  if (row.customerEmail) wanted.email = row.customerEmail;
  const [partner] = await odoo.call<Array<{ id: number; name: string; email: string | false }>>(
    'res.partner',
    'search_read',
    { domain: [['ref', '=', ref]], fields: ['id', 'name', 'email'], limit: 1 },
  );
  if (!partner) {
    const [id] = await odoo.call<number[]>('res.partner', 'create', { vals_list: [{ ...wanted, ref }] });
    return id!;
  }
  const changed = Object.entries(wanted).filter(([k, v]) => partner[k as 'name' | 'email'] !== v);
  if (changed.length > 0)
    await odoo.call('res.partner', 'write', { ids: [partner.id], vals: Object.fromEntries(changed) });
  return partner.id;
}

async function productFor(odoo: Odoo, code: string): Promise<number> {
  const [product] = await odoo.call<Array<{ id: number }>>('product.product', 'search_read', {
    domain: [['default_code', '=', code]],
    fields: ['id'],
    limit: 1,
  });
  if (!product)
    throw new AppError(
      'provider_rejected',
      422,
      `Odoo has no product with internal reference ${code} (ODOO_PRODUCT_CODE): create the service product first`,
    );
  return product.id;
}

async function currencyFor(odoo: Odoo, currency: string): Promise<number> {
  const name = currency.toUpperCase();
  const [found] = await odoo.call<Array<{ id: number }>>('res.currency', 'search_read', {
    domain: [['name', '=', name]],
    fields: ['id'],
    limit: 1,
  });
  if (!found)
    throw new AppError(
      'provider_rejected',
      422,
      `Odoo has no active currency ${name}: activate it in Accounting`,
    );
  return found.id;
}
