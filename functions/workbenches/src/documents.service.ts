import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { designDocuments, designDocumentVersions } from '@atelier/shared/db/schema';
import { AppError, NotFoundError } from '@atelier/shared/errors';
import { projects as projectEvents } from '@atelier/shared/events/catalog';
import { and, desc, eq, lt } from 'drizzle-orm';
import type { WorkbenchesDeps } from './deps';
import { projectFor } from './projects.service';

const stale = (current: number) =>
  new AppError(
    'conflict',
    409,
    'The document changed since you loaded it: reload and apply your change again',
    {
      currentRevision: current,
    },
  );

export async function getDocument(deps: WorkbenchesDeps, auth: AuthClaims, projectId: string) {
  await projectFor(deps, auth, projectId, 'project.view');
  const [doc] = await deps.db.select().from(designDocuments).where(eq(designDocuments.projectId, projectId));
  if (!doc) throw new NotFoundError('Design document');
  return {
    projectId,
    revision: doc.revision,
    document: doc.document,
    updatedAt: doc.updatedAt,
    updatedBy: doc.updatedBy,
  };
}

/**
 * Replaces the whole document if `revision` is still the current one (optimistic concurrency: of two
 * writers that loaded the same revision, the second gets 409 with the revision to reload). Every
 * revision is kept for history and restore.
 */
export async function saveDocument(
  deps: WorkbenchesDeps,
  auth: AuthClaims,
  projectId: string,
  input: { revision: number; document: unknown },
) {
  await projectFor(deps, auth, projectId, 'project.edit');
  return writeRevision(deps, auth, projectId, input.revision, input.document);
}

/**
 * One owner of truth: while people edit the document live, the collab service owns it and writes it
 * back as revisions itself; a save through the API would be overwritten, so it is refused until the
 * room closes.
 */
async function assertNotLive(deps: WorkbenchesDeps, projectId: string) {
  if (!(await deps.isDocumentLive?.(projectId))) return;
  throw new AppError(
    'conflict',
    409,
    'The document is being edited live: your changes go through the live session until it closes',
    { reason: 'document_live', room: `/v1/collab/${projectId}` },
  );
}

async function writeRevision(
  deps: WorkbenchesDeps,
  auth: AuthClaims,
  projectId: string,
  basedOn: number,
  document: unknown,
) {
  await assertNotLive(deps, projectId);
  const now = new Date(deps.clock());
  return deps.outbox.transaction(async (tx, emit) => {
    // The compare-and-set: only the writer whose revision is still current moves it forward.
    const [saved] = await tx
      .update(designDocuments)
      .set({ revision: basedOn + 1, document, updatedBy: auth.userId, updatedAt: now })
      .where(and(eq(designDocuments.projectId, projectId), eq(designDocuments.revision, basedOn)))
      .returning({ revision: designDocuments.revision });
    if (!saved) {
      const [current] = await tx
        .select({ revision: designDocuments.revision })
        .from(designDocuments)
        .where(eq(designDocuments.projectId, projectId));
      throw stale(current?.revision ?? 0);
    }
    await tx
      .insert(designDocumentVersions)
      .values({ projectId, revision: saved.revision, document, createdBy: auth.userId, createdAt: now });
    await emit(tx, projectEvents.designDocumentUpdated, {
      projectId,
      revision: saved.revision,
      updatedBy: auth.userId,
    });
    return { projectId, revision: saved.revision, updatedAt: now };
  });
}

export async function listVersions(
  deps: WorkbenchesDeps,
  auth: AuthClaims,
  projectId: string,
  query: { limit: number; cursor?: number | undefined },
) {
  await projectFor(deps, auth, projectId, 'project.view');
  const rows = await deps.db
    .select({
      revision: designDocumentVersions.revision,
      createdBy: designDocumentVersions.createdBy,
      createdAt: designDocumentVersions.createdAt,
    })
    .from(designDocumentVersions)
    .where(
      and(
        eq(designDocumentVersions.projectId, projectId),
        query.cursor ? lt(designDocumentVersions.revision, query.cursor) : undefined,
      ),
    )
    .orderBy(desc(designDocumentVersions.revision))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  return { items, nextCursor: rows.length > query.limit ? String(items.at(-1)!.revision) : null };
}

async function versionOf(deps: WorkbenchesDeps, projectId: string, revision: number) {
  const [version] = await deps.db
    .select()
    .from(designDocumentVersions)
    .where(
      and(eq(designDocumentVersions.projectId, projectId), eq(designDocumentVersions.revision, revision)),
    );
  if (!version) throw new NotFoundError('Revision');
  return version;
}

export async function getVersion(
  deps: WorkbenchesDeps,
  auth: AuthClaims,
  projectId: string,
  revision: number,
) {
  await projectFor(deps, auth, projectId, 'project.view');
  const v = await versionOf(deps, projectId, revision);
  return {
    projectId,
    revision: v.revision,
    document: v.document,
    createdAt: v.createdAt,
    createdBy: v.createdBy,
  };
}

/** Restoring makes a new revision with the old content; the history in between stays. */
export async function restoreVersion(
  deps: WorkbenchesDeps,
  auth: AuthClaims,
  projectId: string,
  revision: number,
  basedOn: number,
) {
  await projectFor(deps, auth, projectId, 'project.edit');
  const v = await versionOf(deps, projectId, revision);
  return writeRevision(deps, auth, projectId, basedOn, v.document);
}
