import { requireTeamRole } from '@atelier/shared/auth/team-access';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import type { Owner } from '@atelier/shared/billing/ledger';
import type { DbOrTx } from '@atelier/shared/db';

/**
 * Whose billing a request is about: the caller's own, or a team's (`teamId`). Team billing is seen by
 * members and changed by admins (the permission matrix); anyone else gets 404.
 */
export async function billingOwner(
  db: DbOrTx,
  auth: AuthClaims,
  teamId: string | undefined,
  action: 'view' | 'manage',
): Promise<Owner> {
  if (!teamId) return { userId: auth.userId };
  await requireTeamRole(db, teamId, auth.userId, action === 'view' ? 'team.view' : 'team.billing.manage');
  return { teamId };
}
