import * as z from 'zod';
import { defineEvent } from '../define';

export const userRegistered = defineEvent(
  'dev.atelier.identity.user.registered.v1',
  z.object({ userId: z.uuid(), language: z.string().max(10) }),
  { description: 'A person created an account (email not yet verified).', producers: ['auth'] },
);

export const userEmailVerified = defineEvent(
  'dev.atelier.identity.user.email_verified.v1',
  z.object({ userId: z.uuid() }),
  { description: 'A user confirmed their email address through the emailed link.', producers: ['auth'] },
);

export const userPasswordResetRequested = defineEvent(
  'dev.atelier.identity.user.password_reset_requested.v1',
  z.object({ userId: z.uuid() }),
  { description: 'A user asked for a password reset link (sent by email, valid 1 h).', producers: ['auth'] },
);

export const userPasswordChanged = defineEvent(
  'dev.atelier.identity.user.password_changed.v1',
  z.object({ userId: z.uuid(), via: z.enum(['change', 'reset']) }),
  {
    description: 'A password was changed or reset; a reset signed the user out everywhere.',
    producers: ['auth'],
  },
);

export const externalIdentityLinked = defineEvent(
  'dev.atelier.identity.user.external_identity_linked.v1',
  z.object({ userId: z.uuid(), issuer: z.url() }),
  {
    description:
      'An external OpenID Connect identity was linked to an account (a new account, or one with the same verified email).',
    producers: ['auth'],
  },
);

export const teamMemberAdded = defineEvent(
  'dev.atelier.identity.team.member_added.v1',
  z.object({ teamId: z.uuid(), userId: z.uuid(), role: z.enum(['owner', 'admin', 'editor', 'viewer']) }),
  { description: 'Someone joined a team (created it, or accepted an invitation).', producers: ['teams'] },
);

export const teamMemberRemoved = defineEvent(
  'dev.atelier.identity.team.member_removed.v1',
  z.object({ teamId: z.uuid(), userId: z.uuid(), by: z.enum(['left', 'removed']) }),
  { description: 'Someone left a team or was removed from it.', producers: ['teams'] },
);

/**
 * The erasure contract: every context holding personal data consumes this and erases or anonymises the
 * user's data (financial records are kept 7 years, anonymised). Identity has already deleted its part.
 */
export const userDeleted = defineEvent(
  'dev.atelier.identity.user.deleted.v1',
  z.object({ userId: z.uuid(), deletedAt: z.iso.datetime() }),
  {
    description: 'An account was deleted; every context erases or anonymises what it holds about the user.',
    producers: ['users'],
  },
);

export const userExportRequested = defineEvent(
  'dev.atelier.identity.user.export_requested.v1',
  z.object({ userId: z.uuid(), exportId: z.uuid() }),
  {
    description: 'A user asked for a copy of all their data (GDPR); the privacy worker builds it.',
    producers: ['users'],
  },
);

export const userExportReady = defineEvent(
  'dev.atelier.identity.user.export_ready.v1',
  z.object({ userId: z.uuid(), exportId: z.uuid() }),
  {
    description: 'A data export archive is in storage and the user was sent a download link.',
    producers: ['privacy'],
  },
);
