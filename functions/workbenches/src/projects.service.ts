import type { Permission } from '@atelier/shared/auth/permissions';
import { assertOwnerCan } from '@atelier/shared/auth/team-access';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { blankDocument } from '@atelier/shared/creative/design-document';
import { formats } from '@atelier/shared/creative/formats';
import type { Tx } from '@atelier/shared/db';
import {
  brandKits,
  designDocuments,
  designDocumentVersions,
  projects,
  teamMembers,
  templates,
  workbenches,
} from '@atelier/shared/db/schema';
import { LimitReachedError, NotFoundError } from '@atelier/shared/errors';
import { projects as projectEvents } from '@atelier/shared/events/catalog';
import { decodeCursor, newestFirst, page } from '@atelier/shared/http/pagination';
import { and, count, eq, ilike, inArray, isNotNull, isNull, or, type SQL, sql } from 'drizzle-orm';
import type * as z from 'zod';
import { MAX_PROJECTS_PER_WORKBENCH, type WorkbenchesDeps } from './deps';
import type {
  createProjectBody,
  listAllProjectsQuery,
  listProjectsQuery,
  updateProjectBody,
} from './schemas';
import { contains, visibleWorkbenchIds, workbenchFor } from './workbenches.service';

type Project = typeof projects.$inferSelect;

const view = (p: Project) => ({
  id: p.id,
  workbenchId: p.workbenchId,
  name: p.name,
  format: p.format,
  width: p.width,
  height: p.height,
  templateId: p.templateId,
  brandKitId: p.brandKitId,
  archived: p.archivedAt !== null,
  archivedAt: p.archivedAt,
  createdAt: p.createdAt,
  updatedAt: p.updatedAt,
});

/** The project and its workbench, if the caller may do `permission` on it (404 otherwise). */
export async function projectFor(
  deps: WorkbenchesDeps,
  auth: AuthClaims,
  id: string,
  permission: Permission,
) {
  const [row] = await deps.db
    .select({ project: projects, workbench: workbenches })
    .from(projects)
    .innerJoin(workbenches, eq(workbenches.id, projects.workbenchId))
    .where(eq(projects.id, id));
  await assertOwnerCan(deps.db, auth, row?.workbench, permission, 'Project');
  return row!;
}

/** Templates a person may start from: the gallery's, their own, and their teams' private ones. */
async function usableTemplate(tx: Tx, auth: AuthClaims, id: string) {
  const myTeams = tx
    .select({ teamId: teamMembers.teamId })
    .from(teamMembers)
    .where(eq(teamMembers.userId, auth.userId));
  const [template] = await tx
    .select()
    .from(templates)
    .where(
      and(
        eq(templates.id, id),
        or(
          and(isNull(templates.ownerUserId), isNull(templates.teamId)),
          eq(templates.ownerUserId, auth.userId),
          inArray(templates.teamId, myTeams),
        ),
      ),
    );
  if (!template) throw new NotFoundError('Template');
  return template;
}

export async function createProject(
  deps: WorkbenchesDeps,
  auth: AuthClaims,
  workbenchId: string,
  input: z.infer<typeof createProjectBody>,
) {
  const wb = await workbenchFor(deps, auth, workbenchId, 'project.edit');
  if (input.brandKitId) await brandKitFor(deps, auth, input.brandKitId);
  const project = await deps.outbox.transaction(async (tx, emit) => {
    // Serialises creations in one workbench so the limit holds under concurrency.
    await tx.select({ id: workbenches.id }).from(workbenches).where(eq(workbenches.id, wb.id)).for('update');
    const [{ n } = { n: 0 }] = await tx
      .select({ n: count() })
      .from(projects)
      .where(eq(projects.workbenchId, wb.id));
    if (n >= MAX_PROJECTS_PER_WORKBENCH) {
      throw new LimitReachedError(
        MAX_PROJECTS_PER_WORKBENCH,
        'project',
        `A workbench holds at most ${MAX_PROJECTS_PER_WORKBENCH} projects`,
      );
    }
    const template = input.templateId ? await usableTemplate(tx, auth, input.templateId) : undefined;
    const format = input.format ?? template!.format;
    const size =
      format === 'custom'
        ? { width: input.width ?? template!.width, height: input.height ?? template!.height }
        : formats[format as keyof typeof formats];
    const [created] = await tx
      .insert(projects)
      .values({
        workbenchId: wb.id,
        name: input.name,
        format,
        width: size.width,
        height: size.height,
        templateId: template?.id ?? null,
        brandKitId: input.brandKitId ?? null,
      })
      .returning();
    const document = template
      ? { ...(template.document as object), width: size.width, height: size.height }
      : blankDocument(size.width, size.height);
    await tx
      .insert(designDocuments)
      .values({ projectId: created!.id, revision: 1, document, updatedBy: auth.userId });
    await tx
      .insert(designDocumentVersions)
      .values({ projectId: created!.id, revision: 1, document, createdBy: auth.userId });
    if (template) {
      await tx
        .update(templates)
        .set({ uses: sql`${templates.uses} + 1` })
        .where(eq(templates.id, template.id));
    }
    await emit(tx, projectEvents.projectCreated, {
      projectId: created!.id,
      workbenchId: wb.id,
      templateId: template?.id ?? null,
      createdBy: auth.userId,
      ownerUserId: wb.ownerUserId,
      teamId: wb.teamId,
    });
    return created!;
  });
  return view(project);
}

/** A brand kit the caller may use (their own, or one of a team they belong to); 404 otherwise. */
async function brandKitFor(deps: WorkbenchesDeps, auth: AuthClaims, id: string) {
  const [kit] = await deps.db.select().from(brandKits).where(eq(brandKits.id, id));
  await assertOwnerCan(deps.db, auth, kit, 'brand_kit.view', 'Brand kit');
}

/** A newest-first page of the projects in `scope`, filtered by archive state and name. */
async function projectPage(
  deps: WorkbenchesDeps,
  scope: SQL,
  query: Pick<z.infer<typeof listProjectsQuery>, 'archived' | 'q' | 'cursor' | 'limit'>,
) {
  const order = newestFirst(projects.createdAt, projects.id, decodeCursor(query.cursor));
  const rows = await deps.db
    .select()
    .from(projects)
    .where(
      and(
        scope,
        query.archived === 'true' ? isNotNull(projects.archivedAt) : isNull(projects.archivedAt),
        query.q ? ilike(projects.name, contains(query.q)) : undefined,
        order.where,
      ),
    )
    .orderBy(...order.orderBy)
    .limit(query.limit + 1);
  const { items, nextCursor } = page(rows, query.limit);
  return { items: items.map(view), nextCursor };
}

export async function listProjects(
  deps: WorkbenchesDeps,
  auth: AuthClaims,
  workbenchId: string,
  query: z.infer<typeof listProjectsQuery>,
) {
  await workbenchFor(deps, auth, workbenchId, 'project.view');
  return projectPage(deps, eq(projects.workbenchId, workbenchId), query);
}

/**
 * Every project the caller can see: in their own workbenches and their teams' (any role may view),
 * newest first, or one workbench's (404 when the caller cannot see it). One query: the workbenches
 * through their owner and team indexes, their projects through `projects_workbench_idx`, a top-N sort.
 */
export async function listAllProjects(
  deps: WorkbenchesDeps,
  auth: AuthClaims,
  query: z.infer<typeof listAllProjectsQuery>,
) {
  const { workbenchId, ...rest } = query;
  if (workbenchId) return listProjects(deps, auth, workbenchId, rest);
  return projectPage(deps, inArray(projects.workbenchId, visibleWorkbenchIds(deps, auth.userId)), query);
}

export async function getProject(deps: WorkbenchesDeps, auth: AuthClaims, id: string) {
  return view((await projectFor(deps, auth, id, 'project.view')).project);
}

export async function updateProject(
  deps: WorkbenchesDeps,
  auth: AuthClaims,
  id: string,
  input: z.infer<typeof updateProjectBody>,
) {
  await projectFor(deps, auth, id, 'project.edit');
  if (input.brandKitId) await brandKitFor(deps, auth, input.brandKitId);
  const [p] = await deps.db
    .update(projects)
    .set({ ...input, updatedAt: new Date(deps.clock()) })
    .where(eq(projects.id, id))
    .returning();
  return view(p!);
}

export async function setProjectArchived(
  deps: WorkbenchesDeps,
  auth: AuthClaims,
  id: string,
  archived: boolean,
) {
  await projectFor(deps, auth, id, 'project.edit');
  const now = new Date(deps.clock());
  const [p] = await deps.db
    .update(projects)
    .set({ archivedAt: archived ? now : null, updatedAt: now })
    .where(eq(projects.id, id))
    .returning();
  return view(p!);
}

export async function deleteProject(deps: WorkbenchesDeps, auth: AuthClaims, id: string) {
  const { workbench } = await projectFor(deps, auth, id, 'project.delete');
  await deps.outbox.transaction(async (tx, emit) => {
    await tx.delete(projects).where(eq(projects.id, id));
    await emit(tx, projectEvents.projectDeleted, {
      projectId: id,
      workbenchId: workbench.id,
      deletedBy: auth.userId,
      ownerUserId: workbench.ownerUserId,
      teamId: workbench.teamId,
    });
  });
}
