import { assertOwnerCan, requireTeamRole } from '@atelier/shared/auth/team-access';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { assertEntitled, entitlementsFor } from '@atelier/shared/billing/plans';
import { designDocument } from '@atelier/shared/creative/design-document';
import { templateCategories } from '@atelier/shared/creative/template-categories';
import { designDocuments, projects, teamMembers, templates, workbenches } from '@atelier/shared/db/schema';
import { ConflictError, ForbiddenError, LimitReachedError, NotFoundError } from '@atelier/shared/errors';
import { and, arrayContains, count, desc, eq, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import { MAX_PRIVATE_TEMPLATES, type TemplatesDeps } from './deps';
import type { ListQuery, SaveBody } from './schemas';
import { afterCursor, encodeCursor, orderBy } from './template-order';

/** What a list shows of a template; the document only on request (it is most of the row). */
const summary = {
  id: templates.id,
  name: templates.name,
  description: templates.description,
  category: templates.category,
  tags: templates.tags,
  format: templates.format,
  width: templates.width,
  height: templates.height,
  uses: templates.uses,
  featured: templates.featured,
  ownerUserId: templates.ownerUserId,
  teamId: templates.teamId,
  createdAt: templates.createdAt,
  updatedAt: templates.updatedAt,
};
type Row = { [K in keyof typeof summary]: (typeof templates.$inferSelect)[K] } & { document?: unknown };

const isGallery = and(isNull(templates.ownerUserId), isNull(templates.teamId));
const myTeams = (deps: TemplatesDeps, userId: string) =>
  deps.db.select({ teamId: teamMembers.teamId }).from(teamMembers).where(eq(teamMembers.userId, userId));
/** The caller's own templates and their teams'. */
const privateTo = (deps: TemplatesDeps, userId: string) =>
  or(eq(templates.ownerUserId, userId), inArray(templates.teamId, myTeams(deps, userId)));
/** Everything the caller may see: the gallery and what is private to them. */
const visibleTo = (deps: TemplatesDeps, userId: string) => or(isGallery, privateTo(deps, userId));

/** A row as the API shows it: `scope` says whose it is; owner ids stay inside. */
function present({ ownerUserId, ...t }: Row) {
  const scope = t.teamId ? 'team' : ownerUserId ? 'personal' : 'gallery';
  return { ...t, scope };
}

const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export async function listTemplates(deps: TemplatesDeps, auth: AuthClaims, query: ListQuery) {
  const { userId } = auth;
  if (query.teamId) await requireTeamRole(deps.db, query.teamId, userId, 'team.view');
  const scope = query.teamId
    ? eq(templates.teamId, query.teamId)
    : query.mine === 'true'
      ? privateTo(deps, userId)
      : visibleTo(deps, userId);
  const filters: Array<SQL | undefined> = [
    scope,
    query.category ? eq(templates.category, query.category) : undefined,
    query.format ? eq(templates.format, query.format) : undefined,
    query.tag ? arrayContains(templates.tags, [query.tag]) : undefined,
    query.q
      ? or(
          ilike(templates.name, likePattern(query.q)),
          ilike(templates.description, likePattern(query.q)),
          sql`array_to_string(${templates.tags}, ' ') ilike ${likePattern(query.q)}`,
        )
      : undefined,
    afterCursor(query.view, query.cursor),
  ];
  const rows: Row[] = await deps.db
    .select(query.include === 'document' ? { ...summary, document: templates.document } : summary)
    .from(templates)
    .where(and(...filters))
    .orderBy(...orderBy(query.view))
    .limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(present),
    nextCursor: rows.length > query.limit && last ? encodeCursor(query.view, last) : null,
  };
}

/** Every category with how many templates the caller can see in it, and the most used tags. */
export async function listCategories(deps: TemplatesDeps, auth: AuthClaims) {
  const visible = visibleTo(deps, auth.userId);
  const counts = await deps.db
    .select({ category: templates.category, count: count() })
    .from(templates)
    .where(visible)
    .groupBy(templates.category);
  const byCategory = new Map(counts.map((c) => [c.category, c.count]));
  const tag = sql<string>`unnest(${templates.tags})`;
  const tags = await deps.db
    .select({ tag, count: count() })
    .from(templates)
    .where(visible)
    .groupBy(tag)
    .orderBy(desc(count()), tag)
    .limit(100);
  return {
    categories: templateCategories.map((id) => ({ id, count: byCategory.get(id) ?? 0 })),
    tags,
  };
}

export async function getTemplate(deps: TemplatesDeps, auth: AuthClaims, id: string) {
  const [template] = await deps.db
    .select({ ...summary, document: templates.document })
    .from(templates)
    .where(eq(templates.id, id));
  if (!template) throw new NotFoundError('Template');
  if (template.ownerUserId || template.teamId)
    await assertOwnerCan(deps.db, auth, template, 'team.view', 'Template');
  return present(template);
}

/**
 * Saves a copy of a project's current design document as a private template of the caller or of one
 * of their teams. Needs a plan that allows it (the owner's: the team's for a team template), the right
 * to save in that team, and the right to view the project.
 */
export async function saveTemplate(deps: TemplatesDeps, auth: AuthClaims, input: SaveBody) {
  const { db } = deps;
  const owner = input.teamId ? { teamId: input.teamId } : { userId: auth.userId };
  if (input.teamId) await requireTeamRole(db, input.teamId, auth.userId, 'template.save_private');
  assertEntitled(await entitlementsFor(db, owner), 'canSavePrivateTemplates', 'Saving a private template');

  const [project] = await db
    .select({
      format: projects.format,
      width: projects.width,
      height: projects.height,
      ownerUserId: workbenches.ownerUserId,
      teamId: workbenches.teamId,
      document: designDocuments.document,
    })
    .from(projects)
    .innerJoin(workbenches, eq(workbenches.id, projects.workbenchId))
    .leftJoin(designDocuments, eq(designDocuments.projectId, projects.id))
    .where(eq(projects.id, input.projectId));
  await assertOwnerCan(db, auth, project, 'project.view', 'Project');
  const document = designDocument.safeParse(project!.document);
  if (!document.success) throw new ConflictError('The project has no valid design document to save');

  const ownedBy = input.teamId
    ? eq(templates.teamId, input.teamId)
    : and(eq(templates.ownerUserId, auth.userId), isNull(templates.teamId));
  const [{ n } = { n: 0 }] = await db.select({ n: count() }).from(templates).where(ownedBy);
  if (n >= MAX_PRIVATE_TEMPLATES) {
    throw new LimitReachedError(
      MAX_PRIVATE_TEMPLATES,
      'template',
      `At most ${MAX_PRIVATE_TEMPLATES} private templates`,
    );
  }
  const [created] = await db
    .insert(templates)
    .values({
      ownerUserId: input.teamId ? null : auth.userId,
      teamId: input.teamId ?? null,
      name: input.name,
      description: input.description ?? '',
      category: input.category,
      tags: input.tags ?? [],
      format: project!.format,
      width: project!.width,
      height: project!.height,
      document: document.data,
    })
    .returning();
  return present(created!);
}

/** Deletes a private template: the owner's own, or a team's by an Editor or above. */
export async function deleteTemplate(deps: TemplatesDeps, auth: AuthClaims, id: string) {
  const [template] = await deps.db
    .select({ ownerUserId: templates.ownerUserId, teamId: templates.teamId })
    .from(templates)
    .where(eq(templates.id, id));
  if (!template) throw new NotFoundError('Template');
  if (!template.ownerUserId && !template.teamId)
    throw new ForbiddenError('Gallery templates cannot be deleted');
  await assertOwnerCan(deps.db, auth, template, 'template.save_private', 'Template');
  await deps.db.delete(templates).where(eq(templates.id, id));
}
