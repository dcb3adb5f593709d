import { and, eq, isNull } from 'drizzle-orm';
import type { Permission } from '../auth/permissions';
import { assertOwnerCan } from '../auth/team-access';
import type { AuthClaims } from '../auth/tokens';
import type { DbOrTx } from '../db';
import { assets, brandKits, projects, workbenches } from '../db/schema';

const ownerCols = { ownerUserId: workbenches.ownerUserId, teamId: workbenches.teamId };

/** The project and its owner (its workbench's), if the caller may do `permission` (404 otherwise). */
export async function projectFor(db: DbOrTx, auth: AuthClaims, id: string, permission: Permission) {
  const [row] = await db
    .select({ project: projects, owner: ownerCols })
    .from(projects)
    .innerJoin(workbenches, eq(workbenches.id, projects.workbenchId))
    .where(eq(projects.id, id));
  await assertOwnerCan(db, auth, row?.owner, permission, 'Project');
  return row!;
}

/** A live (not deleted) asset, its project and owner, if the caller may do `permission`. */
export async function assetFor(db: DbOrTx, auth: AuthClaims, id: string, permission: Permission) {
  const [row] = await db
    .select({ asset: assets, project: projects, owner: ownerCols })
    .from(assets)
    .innerJoin(projects, eq(projects.id, assets.projectId))
    .innerJoin(workbenches, eq(workbenches.id, projects.workbenchId))
    .where(and(eq(assets.id, id), isNull(assets.deletedAt)));
  await assertOwnerCan(db, auth, row?.owner, permission, 'Asset');
  return row!;
}

/** A brand kit, if the caller may do `permission` on it. */
export async function brandKitFor(db: DbOrTx, auth: AuthClaims, id: string, permission: Permission) {
  const [kit] = await db.select().from(brandKits).where(eq(brandKits.id, id));
  await assertOwnerCan(db, auth, kit, permission, 'Brand kit');
  return kit!;
}
