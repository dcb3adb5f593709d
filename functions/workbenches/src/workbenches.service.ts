import type { Permission } from '@atelier/shared/auth/permissions';
import { assertOwnerCan, requireTeamRole } from '@atelier/shared/auth/team-access';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { projects, teamMembers, workbenches } from '@atelier/shared/db/schema';
import { projects as projectEvents } from '@atelier/shared/events/catalog';
import { decodeCursor, newestFirst, page } from '@atelier/shared/http/pagination';
import { and, eq, ilike, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import type * as z from 'zod';
import type { WorkbenchesDeps } from './deps';
import type { createWorkbenchBody, listWorkbenchesQuery, updateWorkbenchBody } from './schemas';

export type Workbench = typeof workbenches.$inferSelect;

/** `%` and `_` typed by a person are literal characters, not wildcards. */
export const contains = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The workbench, if the caller may do `permission` on it; 404 for anyone who may not even see it. */
export async function workbenchFor(
  deps: WorkbenchesDeps,
  auth: AuthClaims,
  id: string,
  permission: Permission,
): Promise<Workbench> {
  const [wb] = await deps.db.select().from(workbenches).where(eq(workbenches.id, id));
  await assertOwnerCan(deps.db, auth, wb, permission, 'Workbench');
  return wb!;
}

// Qualified by hand: inside a raw subquery drizzle would print the bare column name.
const projectCount = sql<number>`(select count(*)::int from creative.projects p where p.workbench_id = "workbenches"."id")`;

const view = (wb: Workbench, count?: number) => ({
  id: wb.id,
  name: wb.name,
  description: wb.description,
  ownerUserId: wb.ownerUserId,
  teamId: wb.teamId,
  archived: wb.archivedAt !== null,
  archivedAt: wb.archivedAt,
  createdAt: wb.createdAt,
  updatedAt: wb.updatedAt,
  ...(count === undefined ? {} : { projectCount: count }),
});

export async function createWorkbench(
  deps: WorkbenchesDeps,
  auth: AuthClaims,
  input: z.infer<typeof createWorkbenchBody>,
) {
  if (input.teamId) await requireTeamRole(deps.db, input.teamId, auth.userId, 'workbench.manage');
  const [wb] = await deps.db
    .insert(workbenches)
    .values({
      name: input.name,
      description: input.description ?? '',
      ownerUserId: input.teamId ? null : auth.userId,
      teamId: input.teamId ?? null,
    })
    .returning();
  return view(wb!, 0);
}

/**
 * The ids of the workbenches a user can see: their own and their teams' (any role may view). Two index
 * lookups joined with UNION ALL, not an OR: with the OR the planner scans every workbench.
 */
export const visibleWorkbenchIds = (deps: WorkbenchesDeps, userId: string) =>
  deps.db
    .select({ id: workbenches.id })
    .from(workbenches)
    .where(eq(workbenches.ownerUserId, userId))
    .unionAll(
      deps.db
        .select({ id: workbenches.id })
        .from(teamMembers)
        .innerJoin(workbenches, eq(workbenches.teamId, teamMembers.teamId))
        .where(eq(teamMembers.userId, userId)),
    );

/** The caller's own workbenches and their teams' (or one team's), newest first. */
export async function listWorkbenches(
  deps: WorkbenchesDeps,
  auth: AuthClaims,
  query: z.infer<typeof listWorkbenchesQuery>,
) {
  const cursor = decodeCursor(query.cursor);
  if (query.teamId) await requireTeamRole(deps.db, query.teamId, auth.userId, 'workbench.view');
  const scope = query.teamId
    ? eq(workbenches.teamId, query.teamId)
    : inArray(workbenches.id, visibleWorkbenchIds(deps, auth.userId));
  const order = newestFirst(workbenches.createdAt, workbenches.id, cursor);
  const rows = await deps.db
    .select({ wb: workbenches, count: projectCount })
    .from(workbenches)
    .where(
      and(
        scope,
        query.archived === 'true' ? isNotNull(workbenches.archivedAt) : isNull(workbenches.archivedAt),
        query.q ? ilike(workbenches.name, contains(query.q)) : undefined,
        order.where,
      ),
    )
    .orderBy(...order.orderBy)
    .limit(query.limit + 1);
  const { items, nextCursor } = page(
    rows.map((r) => ({ ...r.wb, count: r.count })),
    query.limit,
  );
  return { items: items.map((r) => view(r, r.count)), nextCursor };
}

export async function getWorkbench(deps: WorkbenchesDeps, auth: AuthClaims, id: string) {
  // One read for the row and its count; the access check needs only the row's owner.
  const [row] = await deps.db
    .select({ wb: workbenches, count: projectCount })
    .from(workbenches)
    .where(eq(workbenches.id, id));
  await assertOwnerCan(deps.db, auth, row?.wb, 'workbench.view', 'Workbench');
  return view(row!.wb, row!.count);
}

export async function updateWorkbench(
  deps: WorkbenchesDeps,
  auth: AuthClaims,
  id: string,
  input: z.infer<typeof updateWorkbenchBody>,
) {
  await workbenchFor(deps, auth, id, 'workbench.manage');
  const [wb] = await deps.db
    .update(workbenches)
    .set({ ...input, updatedAt: new Date(deps.clock()) })
    .where(eq(workbenches.id, id))
    .returning();
  return view(wb!);
}

export async function setWorkbenchArchived(
  deps: WorkbenchesDeps,
  auth: AuthClaims,
  id: string,
  archived: boolean,
) {
  await workbenchFor(deps, auth, id, 'workbench.manage');
  const now = new Date(deps.clock());
  const [wb] = await deps.db
    .update(workbenches)
    .set({ archivedAt: archived ? now : null, updatedAt: now })
    .where(eq(workbenches.id, id))
    .returning();
  return view(wb!);
}

/** Deletes the workbench and its projects; `project.deleted` for each lets other contexts drop their files. */
export async function deleteWorkbench(deps: WorkbenchesDeps, auth: AuthClaims, id: string) {
  const wb = await workbenchFor(deps, auth, id, 'workbench.delete');
  await deps.outbox.transaction(async (tx, emit) => {
    const gone = await tx.delete(projects).where(eq(projects.workbenchId, id)).returning({ id: projects.id });
    await tx.delete(workbenches).where(eq(workbenches.id, id));
    for (const p of gone) {
      await emit(tx, projectEvents.projectDeleted, {
        projectId: p.id,
        workbenchId: id,
        deletedBy: auth.userId,
        ownerUserId: wb.ownerUserId,
        teamId: wb.teamId,
      });
    }
  });
}
