import { creditAccounts, customers, invoices, orders, subscriptions } from '@atelier/shared/db/schema';
import { identity } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import { and, eq, inArray } from 'drizzle-orm';
import type { BillingWorkerDeps } from './deps';

/**
 * Billing's share of erasure: the financial records stay (bookkeeping law: PRODUCT.md §2) but lose
 * everything personal — the account and invoices no longer name the user, the payment-provider
 * customer (with its card details) is deleted at Stripe, which also ends its subscriptions at once.
 */
export const onUserDeleted = (deps: BillingWorkerDeps) =>
  onEvent(identity.userDeleted, async (event, { tx }) => {
    const { userId } = event.data;
    const now = new Date(deps.clock());
    const [account] = await tx
      .update(creditAccounts)
      .set({ ownerUserId: null, anonymisedAt: now })
      .where(eq(creditAccounts.ownerUserId, userId))
      .returning({ id: creditAccounts.id });
    if (account) {
      await tx
        .update(invoices)
        .set({ customerName: null, customerEmail: null, anonymisedAt: now })
        .where(eq(invoices.accountId, account.id));
    }
    await tx.update(orders).set({ createdBy: null }).where(eq(orders.createdBy, userId));
    await tx
      .update(subscriptions)
      .set({ status: 'cancelled', cancelAtPeriodEnd: false, updatedAt: now })
      .where(
        and(
          eq(subscriptions.ownerUserId, userId),
          inArray(subscriptions.status, ['trialing', 'active', 'past_due']),
        ),
      );
    const gone = await tx
      .update(customers)
      .set({ ownerUserId: null, email: null, name: null, anonymisedAt: now })
      .where(eq(customers.ownerUserId, userId))
      .returning({ provider: customers.provider, ref: customers.providerCustomerId });
    for (const c of gone) {
      if (c.provider !== 'stripe' || !deps.stripe) continue;
      // Deleting the customer cancels its subscriptions; already gone (a retry) is fine.
      await deps.stripe.customers.del(c.ref).catch((err: { statusCode?: number }) => {
        if (err.statusCode !== 404) throw err;
      });
    }
    deps.log.info(
      { userId, account: account?.id ?? null, customers: gone.length },
      'billing data anonymised',
    );
  });
