import { and, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db';
import { notifySettings, users } from '../db/schema';
import {
  type Channel,
  effectiveSettings,
  type NotificationType,
  type Settings,
  type SettingsPatch,
} from './types';

/** The settings in force for each of `userIds` (users that no longer exist are left out). */
export async function settingsOf(db: DbOrTx, userIds: string[]): Promise<Map<string, Settings>> {
  if (userIds.length === 0) return new Map();
  const [people, rows] = await Promise.all([
    db
      .select({ id: users.id, legacy: users.notificationSettings })
      .from(users)
      .where(inArray(users.id, userIds)),
    db.select().from(notifySettings).where(inArray(notifySettings.userId, userIds)),
  ]);
  return new Map(
    people.map((p) => [
      p.id,
      effectiveSettings(
        rows.filter((r) => r.userId === p.id),
        p.legacy,
      ),
    ]),
  );
}

/** Stores the channels the patch names (an explicit choice, even where it equals the default). */
export async function saveSettings(db: DbOrTx, userId: string, patch: SettingsPatch, now: Date) {
  const values = Object.entries(patch).flatMap(([type, channels]) =>
    Object.entries(channels ?? {})
      .filter(([, enabled]) => enabled !== undefined)
      .map(([channel, enabled]) => ({
        userId,
        type: type as NotificationType,
        channel: channel as Channel,
        enabled: enabled as boolean,
        updatedAt: now,
      })),
  );
  if (values.length === 0) return;
  await db
    .insert(notifySettings)
    .values(values)
    .onConflictDoUpdate({
      target: [notifySettings.userId, notifySettings.type, notifySettings.channel],
      set: { enabled: sql`excluded.enabled`, updatedAt: sql`excluded.updated_at` },
    });
}

/** Erasure: a deleted account's explicit choices. */
export async function deleteSettings(db: DbOrTx, userId: string) {
  await db.delete(notifySettings).where(and(eq(notifySettings.userId, userId)));
}
