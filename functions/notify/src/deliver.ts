import type { Tx } from '@atelier/shared/db';
import { notifications, users } from '@atelier/shared/db/schema';
import { type NotifyTemplateName, renderMail } from '@atelier/shared/mail/templates';
import { publishLive, toView } from '@atelier/shared/notifications/live';
import { settingsOf } from '@atelier/shared/notifications/settings';
import type { NotificationType } from '@atelier/shared/notifications/types';
import { eq, inArray, max, sql } from 'drizzle-orm';
import type { NotifyDeps } from './deps';

/** What one recipient is told about one event. */
export interface Outgoing {
  userId: string;
  type: NotificationType;
  /** Plain English (email fallback, debugging); the web translates from type + data. */
  title: string;
  data: Record<string, unknown>;
  mail: {
    template: NotifyTemplateName;
    /** Placeholders besides {{name}} and {{link}}; a date is formatted in the user's language and zone. */
    vars: Record<string, string | Date>;
    /** Path in the web app, e.g. /projects/<id>/studio. */
    path: string;
  };
}

/** Advisory-lock namespace of "one user's inbox inserts" (the second key is the user id's hash). */
const LOCK_NS = 0x6e6f7466; // 'notf'

/**
 * Stores each item in the delivery's transaction, once per (user, event, type). Each user's inserts are
 * serialised by an advisory lock held to commit, so a user's seq order is their commit order (the
 * stream resumes "after seq N" without skipping a late commit) and `prev` names the previous item the
 * user received live. After commit: a live push and an email, where the user's settings say so.
 */
export async function deliver(
  deps: NotifyDeps,
  tx: Tx,
  eventId: string,
  items: Outgoing[],
  afterCommit: (fn: () => Promise<unknown>) => void,
): Promise<void> {
  if (items.length === 0) return;
  // Sorted so two deliveries locking the same users always lock them in the same order (no deadlock).
  const sorted = [...items].sort((a, b) => (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0));
  const userIds = [...new Set(sorted.map((i) => i.userId))];
  const people = new Map(
    (
      await tx
        .select({
          id: users.id,
          email: users.email,
          displayName: users.displayName,
          language: users.language,
          timezone: users.timezone,
        })
        .from(users)
        .where(inArray(users.id, userIds))
    ).map((u) => [u.id, u]),
  );
  const settings = await settingsOf(tx, userIds);
  for (const item of sorted) {
    const person = people.get(item.userId);
    const chosen = settings.get(item.userId)?.[item.type];
    if (!person || !chosen) continue; // the account is gone
    await tx.execute(sql`select pg_advisory_xact_lock(${LOCK_NS}, hashtext(${item.userId}))`);
    const [last] = await tx
      .select({ seq: max(notifications.seq) })
      .from(notifications)
      .where(sql`${notifications.userId} = ${item.userId} and ${notifications.live}`);
    const [row] = await tx
      .insert(notifications)
      .values({
        userId: item.userId,
        type: item.type,
        title: item.title,
        data: item.data,
        sourceEventId: eventId,
        live: chosen.push,
      })
      .onConflictDoNothing()
      .returning();
    if (!row) continue; // this event already told this user
    if (chosen.push) {
      const prev = last?.seq ?? null;
      afterCommit(() =>
        publishLive(deps.redis, item.userId, { kind: 'notification', prev, notification: toView(row) }),
      );
    }
    if (chosen.email) afterCommit(() => mail(deps, person, item));
  }
}

/** At most once: after commit, so a failed send is logged and never re-sends the inbox's other mail. */
async function mail(
  deps: NotifyDeps,
  person: { email: string; displayName: string; language: string; timezone: string },
  item: Outgoing,
) {
  const vars: Record<string, string> = {
    name: person.displayName || person.email.split('@')[0]!,
    link: new URL(item.mail.path, deps.publicUrl).toString(),
  };
  for (const [k, v] of Object.entries(item.mail.vars))
    vars[k] = v instanceof Date ? formatDate(v, person.language, person.timezone) : v;
  const { subject, text } = renderMail(item.mail.template, person.language, vars);
  await deps.mailer.send({ to: person.email, subject, text });
}

function formatDate(d: Date, language: string, timeZone: string) {
  try {
    return new Intl.DateTimeFormat(language, { dateStyle: 'long', timeZone }).format(d);
  } catch {
    return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(d);
  }
}

/** Erasure: everything the inbox holds about a deleted account. */
export async function eraseInbox(tx: Tx, userId: string) {
  await tx.delete(notifications).where(eq(notifications.userId, userId));
}
