import { releaseExpired } from '@atelier/shared/billing/credits';
import { lockAccountById, refreshGrant } from '@atelier/shared/billing/ledger';
import { creditAccounts } from '@atelier/shared/db/schema';
import { onEvent } from '@atelier/shared/events/consumer';
import { cronTick } from '@atelier/shared/events/cron';
import { and, gt, lte } from 'drizzle-orm';
import type { BillingWorkerDeps } from './deps';
import { runDunning } from './dunning.service';

/**
 * The billing sweep (every 5 minutes in stack.yml): reservations nobody reported back on are released,
 * month credits whose period ended expire (an `expiry` entry, so the history says where they went),
 * and dunning moves on. Each item in its own transaction: one failure does not undo the rest.
 */
export const onCronTick = (deps: BillingWorkerDeps) =>
  onEvent(cronTick, async () => {
    const now = new Date(deps.clock());
    const released = await releaseExpired(deps.db, now);
    const ended = await deps.db
      .select({ id: creditAccounts.id })
      .from(creditAccounts)
      .where(and(lte(creditAccounts.grantPeriodEnd, now), gt(creditAccounts.grant, 0)))
      .limit(1_000);
    for (const { id } of ended)
      await deps.db.transaction(async (tx) => {
        const account = await lockAccountById(tx, id);
        if (account) await refreshGrant(tx, account, now);
      });
    const dunning = await runDunning(deps);
    deps.log.info({ released, expired: ended.length, dunning }, 'billing sweep');
  });
