import type { Tx } from '@atelier/shared/db';
import {
  assets,
  assetVersions,
  brandKits,
  designDocuments,
  designDocumentVersions,
  teams,
  templates,
  uploads,
  workbenches,
} from '@atelier/shared/db/schema';
import { and, eq, isNotNull, notInArray, or } from 'drizzle-orm';
import type { SweeperDeps } from './deps';

/**
 * Creative's share of erasure: everything the user owned alone goes (workbenches with their projects,
 * design documents and assets; brand kits; private templates; pending uploads) with its files, and
 * their name is taken off what they made for teams. Teams deleted with the account (the ones they
 * were alone in) leave team-owned rows behind: those go too. Runs in the event's transaction; the
 * files go before it commits, so a failure rolls everything back for the retry.
 */
export async function eraseUser(deps: SweeperDeps, tx: Tx, userId: string) {
  const liveTeams = tx.select({ id: teams.id }).from(teams);
  const orphaned = (col: typeof workbenches.teamId | typeof brandKits.teamId) =>
    and(isNotNull(col), notInArray(col, liveTeams));
  const goneTeams = new Set<string>();
  const wbs = await tx
    .delete(workbenches)
    .where(or(eq(workbenches.ownerUserId, userId), orphaned(workbenches.teamId)))
    .returning({ teamId: workbenches.teamId });
  const kits = await tx
    .delete(brandKits)
    .where(or(eq(brandKits.ownerUserId, userId), orphaned(brandKits.teamId)))
    .returning({ teamId: brandKits.teamId });
  for (const r of [...wbs, ...kits]) if (r.teamId) goneTeams.add(r.teamId);
  await tx.delete(templates).where(eq(templates.ownerUserId, userId));
  const pending = await tx
    .delete(uploads)
    .where(eq(uploads.userId, userId))
    .returning({ key: uploads.storageKey, completedAt: uploads.completedAt });
  // What they made for a team stays the team's, without their name on it.
  await tx.update(assets).set({ createdBy: null }).where(eq(assets.createdBy, userId));
  await tx.update(assetVersions).set({ createdBy: null }).where(eq(assetVersions.createdBy, userId));
  await tx.update(designDocuments).set({ updatedBy: null }).where(eq(designDocuments.updatedBy, userId));
  await tx
    .update(designDocumentVersions)
    .set({ createdBy: null })
    .where(eq(designDocumentVersions.createdBy, userId));

  let files = await deps.storage.deletePrefix(`users/${userId}/creative/`);
  for (const teamId of goneTeams) files += await deps.storage.deletePrefix(`teams/${teamId}/creative/`);
  // A pending upload's object sits under its target's owner (perhaps a team): the object is theirs
  // only while never completed.
  const uncompleted = pending.filter((u) => !u.completedAt).map((u) => u.key);
  await deps.storage.deleteMany(uncompleted);
  deps.log.info(
    { userId, workbenches: wbs.length, brandKits: kits.length, teams: goneTeams.size, files },
    'creative data erased',
  );
}
