import { apiKeyBillings, apiScopes } from '@atelier/shared/db/schema';
import * as z from 'zod';

export const createKeyBody = z.strictObject({
  name: z.string().trim().min(1, 'must not be empty').max(60, 'must be at most 60 characters'),
  scopes: z
    .array(z.enum(apiScopes))
    .min(1, 'choose at least one scope')
    .max(apiScopes.length)
    .refine((s) => new Set(s).size === s.length, 'must not repeat a scope'),
  /** Days until the key stops working; none = until revoked. */
  expiresInDays: z.number().int().min(1).max(365).optional(),
  billing: z.enum(apiKeyBillings).default('credits'),
});
export type CreateKeyBody = z.infer<typeof createKeyBody>;

export const keyParams = z.strictObject({ id: z.uuid('must be a key id') });

export const usageQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(90).default(30),
  keyId: z.uuid('must be a key id').optional(),
});
