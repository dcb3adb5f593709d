import { requireTeamRole } from '@atelier/shared/auth/team-access';
import type { AuthClaims } from '@atelier/shared/auth/tokens';
import { assertEntitled, entitlementsFor } from '@atelier/shared/billing/plans';
import { brandKitFor } from '@atelier/shared/creative/access';
import type { DbOrTx, Tx } from '@atelier/shared/db';
import { brandKitFiles, brandKits } from '@atelier/shared/db/schema';
import { decodeCursor, newestFirst, page } from '@atelier/shared/http/pagination';
import { and, asc, eq, isNull, type SQL, sql } from 'drizzle-orm';
import type * as z from 'zod';
import { type AssetsDeps, LINK_TTL_S } from './deps';
import type { createKitBody, listKitsQuery, updateKitBody } from './schemas';

type Kit = typeof brandKits.$inferSelect;
type KitOwner = { ownerUserId: string; teamId: null } | { ownerUserId: null; teamId: string };

/** Brand kits are Pro and above: 403 `plan_required` (naming the plan) for an owner on Free. */
export async function assertKitsAllowed(
  db: DbOrTx,
  owner: { ownerUserId: string | null; teamId: string | null },
) {
  const entitlements = await entitlementsFor(
    db,
    owner.teamId ? { teamId: owner.teamId } : { userId: owner.ownerUserId! },
  );
  assertEntitled(entitlements, 'canUseBrandKits', 'Brand kits');
}

/** The kit if the caller may do `permission` on it and its owner's plan includes brand kits. */
export async function kitFor(
  deps: AssetsDeps,
  auth: AuthClaims,
  id: string,
  permission: 'brand_kit.view' | 'brand_kit.manage',
) {
  const kit = await brandKitFor(deps.db, auth, id, permission);
  await assertKitsAllowed(deps.db, kit);
  return kit;
}

/** The caller alone, or a team they may do `permission` in (outsiders 404, weaker roles 403). */
async function ownerFor(
  deps: AssetsDeps,
  auth: AuthClaims,
  teamId: string | undefined,
  permission: 'brand_kit.view' | 'brand_kit.manage',
): Promise<KitOwner> {
  if (!teamId) return { ownerUserId: auth.userId, teamId: null };
  await requireTeamRole(deps.db, teamId, auth.userId, permission);
  return { ownerUserId: null, teamId };
}

const ownedBy = (owner: { ownerUserId: string | null; teamId: string | null }): SQL =>
  owner.teamId
    ? eq(brandKits.teamId, owner.teamId)
    : and(eq(brandKits.ownerUserId, owner.ownerUserId!), isNull(brandKits.teamId))!;

/** One default per user or team: unsets the previous one in the same transaction, serialised per owner. */
async function clearDefault(tx: Tx, owner: { ownerUserId: string | null; teamId: string | null }) {
  await tx.execute(
    sql`select pg_advisory_xact_lock(hashtext(${`brand-kit-default:${owner.teamId ?? owner.ownerUserId}`}))`,
  );
  await tx
    .update(brandKits)
    .set({ isDefault: false })
    .where(and(ownedBy(owner), eq(brandKits.isDefault, true)));
}

const presentKit = (k: Kit) => ({
  id: k.id,
  name: k.name,
  colours: k.colours as Array<{ name: string; hex: string }>,
  tone: k.tone,
  isDefault: k.isDefault,
  ownerUserId: k.ownerUserId,
  teamId: k.teamId,
  createdAt: k.createdAt,
  updatedAt: k.updatedAt,
});

export async function createKit(deps: AssetsDeps, auth: AuthClaims, input: z.infer<typeof createKitBody>) {
  const { teamId, ...fields } = input;
  const owner = await ownerFor(deps, auth, teamId, 'brand_kit.manage');
  await assertKitsAllowed(deps.db, owner);
  const kit = await deps.db.transaction(async (tx) => {
    if (fields.isDefault) await clearDefault(tx, owner);
    const [row] = await tx
      .insert(brandKits)
      .values({ ...fields, ...owner })
      .returning();
    return row!;
  });
  return { ...presentKit(kit), logos: [], fonts: [] };
}

export async function listKits(deps: AssetsDeps, auth: AuthClaims, q: z.infer<typeof listKitsQuery>) {
  const cursor = decodeCursor(q.cursor);
  const owner = await ownerFor(deps, auth, q.teamId, 'brand_kit.view');
  await assertKitsAllowed(deps.db, owner);
  const order = newestFirst(brandKits.createdAt, brandKits.id, cursor);
  const rows = await deps.db
    .select()
    .from(brandKits)
    .where(and(ownedBy(owner), order.where))
    .orderBy(...order.orderBy)
    .limit(q.limit + 1);
  const { items, nextCursor } = page(rows, q.limit);
  return { items: items.map(presentKit), nextCursor };
}

/** A kit with its logos and fonts, each with a short-lived download link. */
export async function getKit(deps: AssetsDeps, auth: AuthClaims, id: string) {
  return withFiles(deps, await kitFor(deps, auth, id, 'brand_kit.view'));
}

async function withFiles(deps: AssetsDeps, kit: Kit) {
  const files = await deps.db
    .select()
    .from(brandKitFiles)
    .where(eq(brandKitFiles.brandKitId, kit.id))
    .orderBy(asc(brandKitFiles.createdAt));
  const present = async (f: typeof brandKitFiles.$inferSelect) => ({
    id: f.id,
    name: f.name,
    contentType: f.contentType,
    size: f.size,
    createdAt: f.createdAt,
    url: await deps.storage.downloadUrl(f.storageKey, LINK_TTL_S),
  });
  return {
    ...presentKit(kit),
    logos: await Promise.all(files.filter((f) => f.kind === 'logo').map(present)),
    fonts: await Promise.all(files.filter((f) => f.kind === 'font').map(present)),
  };
}

export async function updateKit(
  deps: AssetsDeps,
  auth: AuthClaims,
  id: string,
  input: z.infer<typeof updateKitBody>,
) {
  const kit = await kitFor(deps, auth, id, 'brand_kit.manage');
  const updated = await deps.db.transaction(async (tx) => {
    if (input.isDefault) await clearDefault(tx, kit);
    const [row] = await tx
      .update(brandKits)
      .set({ ...input, updatedAt: new Date(deps.clock()) })
      .where(eq(brandKits.id, id))
      .returning();
    return row!;
  });
  return withFiles(deps, updated);
}

/** Deletes the kit, its files' rows (cascade) and then their objects; projects using it fall back to none. */
export async function deleteKit(deps: AssetsDeps, auth: AuthClaims, id: string) {
  await brandKitFor(deps.db, auth, id, 'brand_kit.manage'); // allowed after a downgrade: it only removes
  const files = await deps.db.transaction(async (tx) => {
    const gone = await tx
      .delete(brandKitFiles)
      .where(eq(brandKitFiles.brandKitId, id))
      .returning({ key: brandKitFiles.storageKey });
    await tx.delete(brandKits).where(eq(brandKits.id, id));
    return gone;
  });
  for (const f of files) await deps.storage.delete(f.key);
}
