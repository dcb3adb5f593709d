import * as z from 'zod';

/** What users can be notified about, and on which channels (the notification function reads this). */
export const notificationTypes = [
  'generation.samples_ready',
  'generation.final_ready',
  'generation.failed',
  'collaboration.updates',
  'comments',
  'billing',
] as const;
export const notificationChannels = ['inApp', 'email', 'push'] as const;

export const channelSettings = z.strictObject({ inApp: z.boolean(), email: z.boolean(), push: z.boolean() });
export const notificationSettings = z.strictObject(
  Object.fromEntries(notificationTypes.map((t) => [t, channelSettings.optional()])) as Record<
    (typeof notificationTypes)[number],
    z.ZodOptional<typeof channelSettings>
  >,
);
export type NotificationSettings = Record<
  (typeof notificationTypes)[number],
  z.infer<typeof channelSettings>
>;

/** In-app for everything; email only for what a user would miss (finals, failures, comments, billing). */
export const defaultNotificationSettings: NotificationSettings = {
  'generation.samples_ready': { inApp: true, email: false, push: false },
  'generation.final_ready': { inApp: true, email: true, push: false },
  'generation.failed': { inApp: true, email: true, push: false },
  'collaboration.updates': { inApp: true, email: false, push: false },
  comments: { inApp: true, email: true, push: false },
  billing: { inApp: true, email: true, push: false },
};

export const consentKinds = ['marketing_emails', 'data_analytics', 'beta_program'] as const;
export type ConsentKind = (typeof consentKinds)[number];
/** The text version users agree to; granting needs the current one. Bump when the wording changes. */
export const consentVersions: Record<ConsentKind, string> = {
  marketing_emails: '2026-11',
  data_analytics: '2026-11',
  beta_program: '2026-11',
};
