import { recoveryCode, totpCode } from '@atelier/shared/auth/proof-schemas';
import { imageTypes as pictureTypes } from '@atelier/shared/files/sniff';
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
  /** Needed when the account has a password (not one made through external sign-in alone). */
  password: z.string().min(1).max(256).optional(),
  code: totpCode.optional(),
  recoveryCode: recoveryCode.optional(),
});
export const exportParams = z.strictObject({ id: z.uuid('must be an export id') });

/** PRODUCT.md §2: a profile picture is at most 5 MB. */
export const PICTURE_MAX_BYTES = 5 * 1024 * 1024;
export const pictureUploadBody = z.strictObject({
  contentType: z.enum(pictureTypes, 'must be image/png, image/jpeg, image/webp or image/gif'),
  size: z
    .int('must be a whole number of bytes')
    .min(1, 'must be at least 1 byte')
    .max(PICTURE_MAX_BYTES, `must be at most 5 MB (${PICTURE_MAX_BYTES} bytes)`),
});
export const pictureCompleteBody = z.strictObject({ key: z.string().min(1).max(256) });
