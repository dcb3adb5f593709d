import * as z from 'zod';
import { defaultNotificationSettings } from '../profile';

/**
 * What people are told about (docs/notifications.md). Each stored type has a default per channel:
 * `push` = delivered live to open tabs, `email` = mailed in the user's language. The inbox keeps every
 * stored type whatever the settings say.
 */
export const typeDefaults = {
  /** A batch's samples are all in: pick one. */
  'generation.samples_ready': { push: true, email: false },
  'generation.final_ready': { push: true, email: true },
  'generation.failed': { push: true, email: true },
  'generation.content_rejected': { push: true, email: true },
  'billing.payment_reminder': { push: true, email: true },
  'billing.subscription_changed': { push: true, email: false },
  /** Joined a team by accepting an invitation (creating one is not news to its creator). */
  'team.member_added': { push: true, email: false },
  /** Removed by someone else (leaving is not news either). */
  'team.member_removed': { push: true, email: true },
  'comment.mentioned': { push: true, email: true },
  'comment.created': { push: true, email: false },
  /** A webhook endpoint was turned off after too many failed deliveries in a row. */
  'developer.webhook_disabled': { push: true, email: true },
} as const satisfies Record<string, Record<Channel, boolean>>;

export const channels = ['push', 'email'] as const;
export type Channel = (typeof channels)[number];
export type NotificationType = keyof typeof typeDefaults;
export const notificationTypes = Object.keys(typeDefaults) as NotificationType[];

/**
 * Progress, not news: pushed to open tabs only (the studio's samples arriving), never stored, never
 * mailed, no SSE id, and not in the settings (muting it would break the studio).
 */
export const liveOnlyTypes = ['generation.sample_ready'] as const;
export type LiveOnlyType = (typeof liveOnlyTypes)[number];

export type Settings = Record<NotificationType, Record<Channel, boolean>>;

const channelPatch = z.strictObject({ push: z.boolean().optional(), email: z.boolean().optional() });
/** PUT /v1/notifications/settings: any subset of types and channels; anything unknown is a 400. */
export const settingsPatch = z.strictObject(
  Object.fromEntries(notificationTypes.map((t) => [t, channelPatch.optional()])) as Record<
    NotificationType,
    z.ZodOptional<typeof channelPatch>
  >,
);
export type SettingsPatch = z.infer<typeof settingsPatch>;

/**
 * The account page's older per-category switches (identity.users.notification_settings, PUT
 * /v1/me/notifications) still count where a user moved one away from its default and has not chosen
 * in the new settings: `inApp` there is live delivery here.
 */
const legacyCategory: Partial<Record<NotificationType, keyof typeof defaultNotificationSettings>> = {
  'generation.samples_ready': 'generation.samples_ready',
  'generation.final_ready': 'generation.final_ready',
  'generation.failed': 'generation.failed',
  'generation.content_rejected': 'generation.failed',
  'billing.payment_reminder': 'billing',
  'billing.subscription_changed': 'billing',
  'comment.mentioned': 'comments',
  'comment.created': 'comments',
};

const legacyShape = z.record(z.string(), z.object({ inApp: z.boolean(), email: z.boolean() }).partial());

/** Settings in force: explicit rows first, then a changed legacy switch, then the type's default. */
export function effectiveSettings(
  rows: ReadonlyArray<{ type: string; channel: string; enabled: boolean }>,
  legacy: unknown,
): Settings {
  const old = legacyShape.safeParse(legacy ?? {});
  const out = {} as Settings;
  for (const type of notificationTypes) {
    const cat = legacyCategory[type];
    const was = cat && old.success ? old.data[cat] : undefined;
    const def = cat ? defaultNotificationSettings[cat] : undefined;
    const fromLegacy = (ours: Channel): boolean | undefined => {
      const key = ours === 'push' ? 'inApp' : 'email';
      const v = was?.[key];
      return v !== undefined && def && v !== def[key] ? v : undefined;
    };
    out[type] = {
      push: fromLegacy('push') ?? typeDefaults[type].push,
      email: fromLegacy('email') ?? typeDefaults[type].email,
    };
  }
  for (const r of rows) {
    if (r.type in out && (channels as readonly string[]).includes(r.channel))
      out[r.type as NotificationType][r.channel as Channel] = r.enabled;
  }
  return out;
}
