import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { projectFor } from '@atelier/shared/creative/access';
import type { Db } from '@atelier/shared/db';
import { comments, teamMembers, users } from '@atelier/shared/db/schema';
import { AppError, NotFoundError } from '@atelier/shared/errors';
import { collab as collabEvents } from '@atelier/shared/events/catalog';
import type { Outbox } from '@atelier/shared/events/outbox';
import { decodeCursor, newestFirst, page, pageQuery } from '@atelier/shared/http/pagination';
import { parseJson, parseParams, parseQuery } from '@atelier/shared/http/validate';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import * as z from 'zod';

export interface CommentsDeps {
  db: Db;
  outbox: Outbox;
  clock: () => number;
}

const MAX_MENTIONS = 50;
const createBody = z.strictObject({
  projectId: z.uuid(),
  layerId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a layer id')
    .nullish(),
  body: z.string().trim().min(1, 'must not be empty').max(2_000, 'must be at most 2,000 characters'),
});
const listQuery = z.object({ projectId: z.uuid(), ...pageQuery });
const idParams = z.object({ id: z.uuid() });

/** `@username` handles in a comment (usernames are [A-Za-z0-9_.-], at most 50). */
function handles(body: string): string[] {
  const found = new Set<string>();
  for (const m of body.matchAll(/(?:^|[^A-Za-z0-9_.@-])@([A-Za-z0-9_.-]{1,50})/g)) {
    found.add(m[1]!.replace(/\.+$/, '').toLowerCase());
  }
  return [...found].slice(0, MAX_MENTIONS);
}

/** Named users who may view the project: its owner, or its team's members (every role may view). */
async function resolveMentions(
  db: Db,
  owner: { ownerUserId: string | null; teamId: string | null },
  names: string[],
) {
  if (names.length === 0) return [];
  const named = sql`lower(${users.username}) in (${sql.join(
    names.map((n) => sql`${n}`),
    sql`, `,
  )})`;
  const rows = owner.teamId
    ? await db
        .select({ id: users.id })
        .from(users)
        .innerJoin(teamMembers, eq(teamMembers.userId, users.id))
        .where(and(eq(teamMembers.teamId, owner.teamId), named))
    : await db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, owner.ownerUserId!), named));
  return rows.map((r) => r.id);
}

const present = (c: typeof comments.$inferSelect) => ({
  id: c.id,
  projectId: c.projectId,
  layerId: c.layerId,
  authorId: c.authorId,
  body: c.body,
  mentions: c.mentions,
  resolvedAt: c.resolvedAt,
  resolvedBy: c.resolvedBy,
  createdAt: c.createdAt,
});

/** A comment the caller may see (404 otherwise, foreign or missing alike). */
async function commentFor(deps: CommentsDeps, auth: AuthClaims, id: string) {
  const [row] = await deps.db.select().from(comments).where(eq(comments.id, id));
  if (!row) throw new NotFoundError('Comment');
  await projectFor(deps.db, auth, row.projectId, 'project.view').catch((err: unknown) => {
    throw err instanceof NotFoundError ? new NotFoundError('Comment') : err;
  });
  return row;
}

/** Its author may resolve or delete a comment, and so may anyone who may edit the project. */
async function assertModerator(deps: CommentsDeps, auth: AuthClaims, row: typeof comments.$inferSelect) {
  if (row.authorId === auth.userId) return;
  await projectFor(deps.db, auth, row.projectId, 'project.edit').catch((err: unknown) => {
    throw err instanceof NotFoundError
      ? new NotFoundError('Comment')
      : new AppError('forbidden', 403, 'Only the author or an editor can change this comment');
  });
}

/** Comments on a project or a layer of its design (docs/collaboration.md). Behind requireAuth. */
export function commentRoutes(deps: CommentsDeps) {
  return new Hono()
    .post('/v1/comments', async (c) => {
      const auth = c.get('auth');
      const input = await parseJson(c, createBody);
      const { owner } = await projectFor(deps.db, auth, input.projectId, 'comment.create');
      const mentions = await resolveMentions(deps.db, owner, handles(input.body));
      const created = await deps.outbox.transaction(async (tx, emit) => {
        const [row] = await tx
          .insert(comments)
          .values({
            projectId: input.projectId,
            layerId: input.layerId ?? null,
            authorId: auth.userId,
            body: input.body,
            mentions,
            createdAt: new Date(deps.clock()),
          })
          .returning();
        await emit(tx, collabEvents.commentCreated, {
          commentId: row!.id,
          projectId: row!.projectId,
          layerId: row!.layerId,
          authorId: auth.userId,
          mentions,
          excerpt: input.body.slice(0, 200),
          ownerUserId: owner.ownerUserId,
          teamId: owner.teamId,
        });
        return row!;
      });
      return c.json(present(created), 201);
    })
    .get('/v1/comments', async (c) => {
      const auth = c.get('auth');
      const q = parseQuery(c, listQuery);
      await projectFor(deps.db, auth, q.projectId, 'project.view');
      const order = newestFirst(comments.createdAt, comments.id, decodeCursor(q.cursor));
      const rows = await deps.db
        .select()
        .from(comments)
        .where(and(eq(comments.projectId, q.projectId), order.where))
        .orderBy(...order.orderBy)
        .limit(q.limit + 1);
      const result = page(rows, q.limit);
      return c.json({ items: result.items.map(present), nextCursor: result.nextCursor });
    })
    .post('/v1/comments/:id/resolve', async (c) => {
      const auth = c.get('auth');
      const row = await commentFor(deps, auth, parseParams(c, idParams).id);
      await assertModerator(deps, auth, row);
      if (row.resolvedAt) return c.json(present(row));
      const [updated] = await deps.db
        .update(comments)
        .set({ resolvedAt: new Date(deps.clock()), resolvedBy: auth.userId })
        .where(eq(comments.id, row.id))
        .returning();
      return c.json(present(updated!));
    })
    .delete('/v1/comments/:id', async (c) => {
      const auth = c.get('auth');
      const row = await commentFor(deps, auth, parseParams(c, idParams).id);
      await assertModerator(deps, auth, row);
      await deps.db.delete(comments).where(inArray(comments.id, [row.id]));
      return c.body(null, 204);
    });
}
