import { entitlementsFor } from '@atelier/shared/billing/plans';
import { assets, assetVersions, projects, uploads, workbenches } from '@atelier/shared/db/schema';
import { creative } from '@atelier/shared/events/catalog';
import { and, eq, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { BATCH, RETENTION, type SweeperDeps } from './deps';
import { none, purgeAssets, type Removed } from './purge';

/**
 * One retention sweep: each rule purges what has expired at `deps.clock()`, batch after batch, then
 * the totals are logged and emitted as `creative.retention.swept`. Safe to run twice at once or to
 * retry after a failure: every step finds only what is still there.
 */
export async function sweep(deps: SweeperDeps) {
  const now = deps.clock();
  const report = {
    at: new Date(now).toISOString(),
    freeExpiredFiles: await freeExpiredFiles(deps, now),
    deletedAssets: await drain(() => deletedAssets(deps, now)),
    expiredUploads: await drain(() => expiredUploads(deps, now)),
  };
  await deps.db
    .delete(uploads)
    .where(
      and(
        isNotNull(uploads.completedAt),
        lt(uploads.completedAt, new Date(now - RETENTION.completedUploadMs)),
      ),
    );
  const parts = [report.freeExpiredFiles, report.deletedAssets, report.expiredUploads];
  const total = {
    count: parts.reduce((n, r) => n + r.count, 0),
    bytes: parts.reduce((n, r) => n + r.bytes, 0),
  };
  await deps.outbox.transaction((tx, emit) => emit(tx, creative.retentionSwept, { ...report, total }));
  deps.log.info({ ...report, total }, 'retention sweep');
  return { ...report, total };
}

async function drain(batch: () => Promise<Removed>): Promise<Removed> {
  const sum = none();
  for (;;) {
    const r = await batch();
    sum.count += r.count;
    sum.bytes += r.bytes;
    if (r.count < BATCH) return sum;
  }
}

// Dates go in as ISO strings: drizzle's postgres.js driver does not serialise a Date inside raw SQL.
const newestBefore = (at: number) =>
  sql`max(${assetVersions.createdAt}) < ${new Date(at).toISOString()}::timestamptz`;

/** Soft-deleted assets, 7 days after their deletion. */
async function deletedAssets(deps: SweeperDeps, now: number) {
  const rows = await deps.db
    .select({ id: assets.id })
    .from(assets)
    .where(lt(assets.deletedAt, new Date(now - RETENTION.deletedAssetMs)))
    .limit(BATCH);
  return purgeAssets(
    deps,
    rows.map((r) => r.id),
  );
}

/**
 * Files of owners on the Free plan, 12 months after their asset last changed (its newest version).
 * The plan is asked once per owner; an owner on a paid plan keeps everything.
 */
async function freeExpiredFiles(deps: SweeperDeps, now: number): Promise<Removed> {
  const sum = none();
  const plans = new Map<string, boolean>();
  const free = async (o: { ownerUserId: string | null; teamId: string | null }) => {
    const id = o.teamId ?? o.ownerUserId!;
    if (!plans.has(id)) {
      const e = await entitlementsFor(deps.db, o.teamId ? { teamId: o.teamId } : { userId: id });
      plans.set(id, e.plan === 'free');
    }
    return plans.get(id)!;
  };
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await deps.db
      .select({ id: assets.id, ownerUserId: workbenches.ownerUserId, teamId: workbenches.teamId })
      .from(assets)
      .innerJoin(assetVersions, eq(assetVersions.assetId, assets.id))
      .innerJoin(projects, eq(projects.id, assets.projectId))
      .innerJoin(workbenches, eq(workbenches.id, projects.workbenchId))
      .where(sql`${assets.id} > ${after}`)
      .groupBy(assets.id, workbenches.ownerUserId, workbenches.teamId)
      .having(newestBefore(now - RETENTION.freeFilesMs))
      .orderBy(assets.id)
      .limit(BATCH);
    const expired: string[] = [];
    for (const r of rows) if (await free(r)) expired.push(r.id);
    const r = await purgeAssets(deps, expired);
    sum.count += r.count;
    sum.bytes += r.bytes;
    if (rows.length < BATCH) return sum;
    after = rows.at(-1)!.id;
  }
}

/** Uploads handed out but never completed: their objects (if any arrived) and rows. */
async function expiredUploads(deps: SweeperDeps, now: number): Promise<Removed> {
  const rows = await deps.db
    .select({ id: uploads.id, key: uploads.storageKey })
    .from(uploads)
    .where(and(isNull(uploads.completedAt), lt(uploads.expiresAt, new Date(now - RETENTION.uploadGraceMs))))
    .limit(BATCH);
  if (rows.length === 0) return none();
  let bytes = 0;
  for (const r of rows) bytes += (await deps.storage.head(r.key))?.size ?? 0;
  await deps.storage.deleteMany(rows.map((r) => r.key));
  await deps.db.delete(uploads).where(
    inArray(
      uploads.id,
      rows.map((r) => r.id),
    ),
  );
  return { count: rows.length, bytes };
}
