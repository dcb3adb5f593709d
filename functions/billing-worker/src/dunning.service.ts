import type { Emit } from '@atelier/shared/billing/payments';
import { graceEndsAt, type Subscription } from '@atelier/shared/billing/subscriptions';
import type { Tx } from '@atelier/shared/db';
import { customers, subscriptions, teamMembers, users } from '@atelier/shared/db/schema';
import { billing } from '@atelier/shared/events/catalog';
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { BillingWorkerDeps } from './deps';

const DAY = 86_400_000;
/** Reminders go out when the payment fails, then on these days after; suspension at the grace's end. */
export const REMINDER_DAYS = [0, 3, 7];

/** Who hears about a subscription's payments: the billing contact, else the user or the team's owners. */
async function recipients(tx: Tx, sub: Subscription): Promise<string[]> {
  const [contact] = await tx
    .select({ email: customers.email })
    .from(customers)
    .where(
      and(
        eq(customers.provider, 'stripe'),
        sub.ownerUserId ? eq(customers.ownerUserId, sub.ownerUserId) : eq(customers.teamId, sub.teamId!),
      ),
    );
  if (contact?.email) return [contact.email];
  const rows = await tx
    .select({ email: users.email })
    .from(users)
    .leftJoin(teamMembers, eq(teamMembers.userId, users.id))
    .where(
      sub.ownerUserId
        ? eq(users.id, sub.ownerUserId)
        : and(eq(teamMembers.teamId, sub.teamId!), eq(teamMembers.role, 'owner')),
    );
  return [...new Set(rows.map((r) => r.email))];
}

/** Reminder `n` (or the suspension notice) as an event for notifications, and by email now. */
export async function sendReminder(
  deps: BillingWorkerDeps,
  tx: Tx,
  emit: Emit,
  sub: Subscription,
  n: number,
  suspended: boolean,
) {
  const ends = graceEndsAt(sub, deps.graceDays)!;
  await emit(tx, billing.paymentReminder, {
    subscriptionId: sub.id,
    ownerUserId: sub.ownerUserId,
    teamId: sub.teamId,
    reminder: n,
    graceEndsAt: ends.toISOString(),
    suspended,
  });
  const link = `${deps.publicUrl}/billing${sub.teamId ? `?teamId=${sub.teamId}` : ''}`;
  const text = suspended
    ? `We still could not collect the payment for your Atelier ${sub.plan} subscription, so paid work (generations that cost credits) is paused. Update your payment method and it resumes at once: ${link}`
    : `The payment for your Atelier ${sub.plan} subscription did not go through. Please update your payment method before ${ends.toUTCString()} to keep paid work running: ${link}`;
  for (const to of await recipients(tx, sub))
    await deps.mailer.send({
      to,
      subject: suspended ? 'Atelier: paid work is paused' : 'Atelier: your payment did not go through',
      text,
    });
}

/**
 * The dunning schedule, run by the sweep: due reminders for past-due subscriptions, and suspension of
 * chargeable work once the grace period has passed. Each subscription in its own transaction.
 */
export async function runDunning(deps: BillingWorkerDeps): Promise<number> {
  const now = deps.clock();
  const due = await deps.db
    .select()
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.status, 'past_due'),
        isNotNull(subscriptions.pastDueSince),
        isNull(subscriptions.suspendedAt),
      ),
    );
  let acted = 0;
  for (const sub of due) {
    const since = now - sub.pastDueSince!.getTime();
    const suspend = since >= deps.graceDays * DAY;
    const reminder = REMINDER_DAYS.filter((d) => since >= d * DAY).length;
    if (!suspend && reminder <= sub.remindersSent) continue;
    await deps.outbox.transaction(async (tx, emit) => {
      const [locked] = await tx
        .update(subscriptions)
        .set(suspend ? { suspendedAt: new Date(now) } : { remindersSent: reminder })
        .where(
          and(
            eq(subscriptions.id, sub.id),
            eq(subscriptions.status, 'past_due'),
            isNull(subscriptions.suspendedAt),
          ),
        )
        .returning();
      if (locked) await sendReminder(deps, tx, emit, locked, suspend ? reminder + 1 : reminder, suspend);
    });
    acted++;
  }
  return acted;
}
