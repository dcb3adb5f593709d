import type { DbOrTx } from '@atelier/shared/db';
import {
  assets,
  assetVersions,
  brandKitFiles,
  brandKits,
  designDocuments,
  projects,
  templates,
  uploads,
  workbenches,
} from '@atelier/shared/db/schema';
import { and, eq, inArray, isNull, or } from 'drizzle-orm';

/**
 * Creative's rows about one user for their export: what they own alone (workbenches with their projects,
 * design documents and assets; brand kits; private templates) and what they made in a team's projects.
 * The files themselves are under `users/<id>/` and go into the archive's `files/`.
 */
export async function collectCreative(db: DbOrTx, userId: string) {
  const ownWorkbenches = await db.select().from(workbenches).where(eq(workbenches.ownerUserId, userId));
  const wbIds = ownWorkbenches.map((w) => w.id);
  const ownProjects = wbIds.length
    ? await db.select().from(projects).where(inArray(projects.workbenchId, wbIds))
    : [];
  const projectIds = ownProjects.map((p) => p.id);
  const documents = projectIds.length
    ? await db.select().from(designDocuments).where(inArray(designDocuments.projectId, projectIds))
    : [];
  const assetRows = await db
    .select()
    .from(assets)
    .where(
      projectIds.length
        ? or(inArray(assets.projectId, projectIds), eq(assets.createdBy, userId))
        : eq(assets.createdBy, userId),
    );
  const versions = assetRows.length
    ? await db
        .select()
        .from(assetVersions)
        .where(
          inArray(
            assetVersions.assetId,
            assetRows.map((a) => a.id),
          ),
        )
    : [];
  const kits = await db.select().from(brandKits).where(eq(brandKits.ownerUserId, userId));
  const kitFiles = kits.length
    ? await db
        .select()
        .from(brandKitFiles)
        .where(
          inArray(
            brandKitFiles.brandKitId,
            kits.map((k) => k.id),
          ),
        )
    : [];
  return {
    workbenches: ownWorkbenches,
    projects: ownProjects,
    designDocuments: documents,
    assets: assetRows.map((a) => ({ ...a, versions: versions.filter((v) => v.assetId === a.id) })),
    brandKits: kits.map((k) => ({ ...k, files: kitFiles.filter((f) => f.brandKitId === k.id) })),
    privateTemplates: await db
      .select()
      .from(templates)
      .where(and(eq(templates.ownerUserId, userId), isNull(templates.teamId))),
    uploads: await db.select().from(uploads).where(eq(uploads.userId, userId)),
  };
}
