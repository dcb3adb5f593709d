import type { AuthClaims } from '@atelier/shared/auth/tokens';
import type { Db } from '@atelier/shared/db';
import { consents, users } from '@atelier/shared/db/schema';
import { AppError, ConflictError, NotFoundError } from '@atelier/shared/errors';
import {
  type ConsentKind,
  consentKinds,
  consentVersions,
  defaultNotificationSettings,
  type NotificationSettings,
} from '@atelier/shared/profile';
import type { Storage } from '@atelier/shared/storage';
import { asc, eq } from 'drizzle-orm';
import type * as z from 'zod';
import { pictureUrl } from './picture.service';
import type { notificationsBody, updateProfileBody } from './schemas';

export interface UsersDeps {
  db: Db;
  clock: () => number;
  storage: Storage;
}

async function me(deps: UsersDeps, auth: AuthClaims) {
  const [user] = await deps.db.select().from(users).where(eq(users.id, auth.userId));
  if (!user) throw new NotFoundError('User');
  return user;
}

const settingsOf = (stored: unknown): NotificationSettings => ({
  ...defaultNotificationSettings,
  ...(stored as object),
});

export async function getProfile(deps: UsersDeps, auth: AuthClaims) {
  const u = await me(deps, auth);
  return {
    id: u.id,
    email: u.email,
    emailVerified: u.emailVerifiedAt !== null,
    displayName: u.displayName,
    username: u.username,
    pictureUrl: await pictureUrl(deps, u.pictureKey),
    language: u.language,
    timezone: u.timezone,
    mfaEnabled: u.mfaEnabledAt !== null,
    notifications: settingsOf(u.notificationSettings),
    createdAt: u.createdAt.toISOString(),
  };
}

export async function updateProfile(
  deps: UsersDeps,
  auth: AuthClaims,
  input: z.infer<typeof updateProfileBody>,
) {
  try {
    await deps.db
      .update(users)
      .set({ ...input, updatedAt: new Date(deps.clock()) })
      .where(eq(users.id, auth.userId));
  } catch (err) {
    // The unique index on lower(username): someone else has it.
    if ((err as { cause?: { code?: string } }).cause?.code === '23505')
      throw new ConflictError('That username is taken');
    throw err;
  }
  return getProfile(deps, auth);
}

export async function updateNotifications(
  deps: UsersDeps,
  auth: AuthClaims,
  input: z.infer<typeof notificationsBody>,
) {
  const current = settingsOf((await me(deps, auth)).notificationSettings);
  const next = { ...current, ...input };
  await deps.db
    .update(users)
    .set({ notificationSettings: next, updatedAt: new Date(deps.clock()) })
    .where(eq(users.id, auth.userId));
  return next;
}

/** Each consent's current state (not given until granted) and its full history. */
export async function listConsents(deps: UsersDeps, auth: AuthClaims) {
  const history = await deps.db
    .select()
    .from(consents)
    .where(eq(consents.userId, auth.userId))
    .orderBy(asc(consents.seq));
  const current = Object.fromEntries(
    consentKinds.map((kind) => {
      const last = history.filter((h) => h.kind === kind).at(-1);
      return [
        kind,
        {
          granted: last?.granted ?? false,
          version: last?.version ?? null,
          currentVersion: consentVersions[kind],
        },
      ];
    }),
  );
  return {
    current,
    history: history.map((h) => ({
      kind: h.kind,
      granted: h.granted,
      version: h.version,
      at: h.at.toISOString(),
    })),
  };
}

/** Grants (for the current text version) or withdraws a consent; every change is kept. */
export async function setConsent(
  deps: UsersDeps,
  auth: AuthClaims,
  kind: ConsentKind,
  granted: boolean,
  version?: string,
) {
  if (granted && version !== consentVersions[kind]) {
    throw new AppError(
      'validation_failed',
      400,
      `Consent can only be given to the current version (${consentVersions[kind]})`,
      [{ path: 'version', message: `must be ${consentVersions[kind]}` }],
    );
  }
  // A withdrawal is recorded against the version that was given (or the current one if none was).
  const given = granted
    ? version!
    : ((await listConsents(deps, auth)).current[kind]?.version ?? consentVersions[kind]);
  await deps.db
    .insert(consents)
    .values({ userId: auth.userId, kind, granted, version: given, at: new Date(deps.clock()) });
  return listConsents(deps, auth);
}
