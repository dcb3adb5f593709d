import { recoveryCode, totpCode } from '@atelier/shared/auth/proof-schemas';
import * as z from 'zod';

const email = z
  .email('must be an email address')
  .max(254)
  .transform((e) => e.trim().toLowerCase());
const language = z.enum(['en-US', 'en-GB', 'es-ES', 'es-MX', 'fr-FR', 'de-DE']);
const token = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not a token this service issued');

export const registerBody = z.strictObject({
  email,
  // The policy itself (length, classes) is checked by the service so it can say which rule failed.
  password: z.string().min(1).max(256),
  displayName: z.string().trim().max(100).optional(),
  language: language.optional(),
});
export const verifyEmailBody = z.strictObject({ token });
export const resendBody = z.strictObject({ email });
export const loginBody = z.strictObject({ email, password: z.string().min(1).max(256) });
/** API clients send the refresh token in the body; the web app's arrives as an HttpOnly cookie. */
export const refreshBody = z.strictObject({ refreshToken: token.optional() });
export const sessionParams = z.strictObject({ id: z.uuid('must be a session id') });

export type RegisterBody = z.infer<typeof registerBody>;

export const forgotBody = z.strictObject({ email });
export const resetBody = z.strictObject({ token, password: z.string().min(1).max(256) });
export const changeBody = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: z.string().min(1).max(256),
});

export const mfaConfirmBody = z.strictObject({ code: totpCode });
export const mfaDisableBody = z
  .strictObject({ code: totpCode.optional(), recoveryCode: recoveryCode.optional() })
  .refine((b) => b.code || b.recoveryCode, { message: 'send code or recoveryCode', path: ['code'] });
export const mfaVerifyBody = z
  .strictObject({ challengeToken: token, code: totpCode.optional(), recoveryCode: recoveryCode.optional() })
  .refine((b) => b.code || b.recoveryCode, { message: 'send code or recoveryCode', path: ['code'] });

/** Only a path of this app: an absolute or protocol-relative URL here would be an open redirect. */
const appPath = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[^\s]*$/, 'must be a path of this app, starting with a single /');
export const oidcStartQuery = z.strictObject({ returnTo: appPath.default('/') });
/** The provider's answer: a code and state, or an error and state (RFC 6749 §4.1.2). */
export const oidcCallbackQuery = z.object({
  state: z.string().min(1).max(200),
  code: z.string().min(1).max(2000).optional(),
  error: z.string().max(200).optional(),
  error_description: z.string().max(2000).optional(),
  iss: z.string().max(500).optional(),
});
