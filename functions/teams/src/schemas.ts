import * as z from 'zod';

export const teamParams = z.strictObject({ id: z.uuid('must be a team id') });
export const memberParams = z.strictObject({
  id: z.uuid('must be a team id'),
  userId: z.uuid('must be a user id'),
});
export const createTeamBody = z.strictObject({ name: z.string().trim().min(1).max(100) });
export const inviteBody = z.strictObject({
  email: z
    .email('must be an email address')
    .max(254)
    .transform((e) => e.toLowerCase()),
  role: z.enum(['admin', 'editor', 'viewer']),
});
export const acceptBody = z.strictObject({
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'is not an invitation token'),
});
export const roleBody = z.strictObject({ role: z.enum(['admin', 'editor', 'viewer']) });
export const transferBody = z.strictObject({ userId: z.uuid('must be a user id') });
