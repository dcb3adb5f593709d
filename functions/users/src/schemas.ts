import { recoveryCode, totpCode } from '@atelier/shared/auth/proof-schemas';
import { consentKinds, notificationSettings } from '@atelier/shared/profile';
import * as z from 'zod';

const timezones = new Set(Intl.supportedValuesOf('timeZone').concat('UTC'));

export const updateProfileBody = z
  .strictObject({
    displayName: z.string().trim().max(100).optional(),
    username: z
      .string()
      .regex(/^[A-Za-z0-9_.-]{1,50}$/, 'must be 1–50 characters of letters, digits, _ . -')
      .nullable()
      .optional(),
    language: z.enum(['en-US', 'en-GB', 'es-ES', 'es-MX', 'fr-FR', 'de-DE']).optional(),
    timezone: z
      .string()
      .max(64)
      .refine((tz) => timezones.has(tz), 'must be an IANA time zone such as Europe/Paris')
      .optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'send at least one field');
export const notificationsBody = notificationSettings;
export const consentParams = z.strictObject({ kind: z.enum(consentKinds) });
/** Granting names the text version agreed to; a withdrawal needs none (it withdraws what was given). */
export const consentBody = z.strictObject({ granted: z.boolean(), version: z.string().max(20).optional() });
export const deleteAccountBody = z.strictObject({
  password: z.string().min(1).max(256),
  code: totpCode.optional(),
  recoveryCode: recoveryCode.optional(),
});
export const exportParams = z.strictObject({ id: z.uuid('must be an export id') });
