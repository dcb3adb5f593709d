import * as z from 'zod';

/** What a caller sends to prove the second factor; one shape wherever a code is asked for. */
export const totpCode = z.string().regex(/^[0-9]{6}$/, 'must be the 6-digit code from the authenticator');
export const recoveryCode = z.string().regex(/^[A-Za-z0-9-]{12,20}$/, 'must be one of the recovery codes');
