import type { DbOrTx } from '@atelier/shared/db';
import {
  consents,
  dataExports,
  externalIdentities,
  sessions,
  teamMembers,
  teams,
  users,
} from '@atelier/shared/db/schema';
import { asc, eq } from 'drizzle-orm';

/**
 * Everything identity holds about one user, for their export: every row keyed by their id, minus
 * secrets that are ours, not theirs (password hash, sealed MFA secret, token hashes).
 */
export async function collectIdentity(db: DbOrTx, userId: string) {
  const [user] = await db.select().from(users).where(eq(users.id, userId));
  if (!user) return undefined;
  const { passwordHash: _p, mfaSecret: _m, ...profile } = user;
  return {
    profile: { ...profile, mfaEnabled: user.mfaEnabledAt !== null },
    sessions: await db
      .select({
        id: sessions.id,
        userAgent: sessions.userAgent,
        ip: sessions.ip,
        createdAt: sessions.createdAt,
        lastUsedAt: sessions.lastUsedAt,
        revokedAt: sessions.revokedAt,
      })
      .from(sessions)
      .where(eq(sessions.userId, userId))
      .orderBy(asc(sessions.createdAt)),
    consents: await db
      .select({ kind: consents.kind, version: consents.version, granted: consents.granted, at: consents.at })
      .from(consents)
      .where(eq(consents.userId, userId))
      .orderBy(asc(consents.seq)),
    teams: await db
      .select({ teamId: teams.id, name: teams.name, role: teamMembers.role, joinedAt: teamMembers.createdAt })
      .from(teamMembers)
      .innerJoin(teams, eq(teams.id, teamMembers.teamId))
      .where(eq(teamMembers.userId, userId)),
    externalSignIns: await db
      .select({
        issuer: externalIdentities.issuer,
        email: externalIdentities.email,
        createdAt: externalIdentities.createdAt,
        lastUsedAt: externalIdentities.lastUsedAt,
      })
      .from(externalIdentities)
      .where(eq(externalIdentities.userId, userId)),
    exports: await db
      .select({ id: dataExports.id, status: dataExports.status, createdAt: dataExports.createdAt })
      .from(dataExports)
      .where(eq(dataExports.userId, userId)),
  };
}
