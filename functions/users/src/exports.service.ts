import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { dataExports } from '@atelier/shared/db/schema';
import { ConflictError, NotFoundError } from '@atelier/shared/errors';
import { identity } from '@atelier/shared/events/catalog';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { Storage } from '@atelier/shared/storage';
import { and, desc, eq } from 'drizzle-orm';
import type { UsersDeps } from './profile.service';

export interface ExportDeps extends UsersDeps {
  outbox: Outbox;
  storage: Storage;
}

/** Starts a GDPR export; the privacy worker builds the archive and emails a link. One at a time. */
export async function requestExport(deps: ExportDeps, auth: AuthClaims) {
  return deps.outbox.transaction(async (tx, emit) => {
    const pending = await tx
      .select({ id: dataExports.id })
      .from(dataExports)
      .where(and(eq(dataExports.userId, auth.userId), eq(dataExports.status, 'pending')));
    if (pending.length > 0)
      throw new ConflictError('An export is already being prepared', { exportId: pending[0]!.id });
    const [row] = await tx.insert(dataExports).values({ userId: auth.userId }).returning();
    await emit(tx, identity.userExportRequested, { userId: auth.userId, exportId: row!.id });
    return { id: row!.id, status: row!.status };
  });
}

const view = async (deps: ExportDeps, row: typeof dataExports.$inferSelect) => ({
  id: row.id,
  status: row.status,
  createdAt: row.createdAt.toISOString(),
  completedAt: row.completedAt?.toISOString() ?? null,
  // A fresh link on every read, valid for an hour.
  downloadUrl:
    row.status === 'ready' && row.objectKey
      ? await deps.storage.downloadUrl(row.objectKey, 3600, `atelier-export-${row.id}.zip`)
      : null,
});

export async function getExport(deps: ExportDeps, auth: AuthClaims, id: string) {
  const [row] = await deps.db
    .select()
    .from(dataExports)
    .where(and(eq(dataExports.id, id), eq(dataExports.userId, auth.userId)));
  if (!row) throw new NotFoundError('Export');
  return view(deps, row);
}

export async function listExports(deps: ExportDeps, auth: AuthClaims) {
  const rows = await deps.db
    .select()
    .from(dataExports)
    .where(eq(dataExports.userId, auth.userId))
    .orderBy(desc(dataExports.createdAt));
  return Promise.all(rows.map((r) => view(deps, r)));
}
