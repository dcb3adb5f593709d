import type { DesignDocumentInput } from '@atelier/shared/creative/design-document';
import {
  designDocuments,
  projects,
  subscriptions,
  teamMembers,
  workbenches,
} from '@atelier/shared/db/schema';
import type { TestPlatform } from '../../../runner/src/test-support/platform';

/** Rows other functions own (plans, workbenches, projects), written straight into the test database. */
export type Owner = { userId: string } | { teamId: string };
const ownerColumns = (o: Owner) =>
  'userId' in o ? { ownerUserId: o.userId, teamId: null } : { ownerUserId: null, teamId: o.teamId };

export async function subscribe(p: TestPlatform, owner: Owner, plan: 'pro' | 'team') {
  const now = Date.now();
  await p.db.db.insert(subscriptions).values({
    ...ownerColumns(owner),
    plan,
    status: 'active',
    provider: 'manual',
    currentPeriodStart: new Date(now),
    currentPeriodEnd: new Date(now + 30 * 86_400_000),
  });
}

export const sampleDocument: DesignDocumentInput = {
  version: 1,
  width: 1080,
  height: 1080,
  background: { color: { brand: 'background', fallback: '#FFFFFF' } },
  layers: [
    { id: 'photo', name: 'Photo', type: 'image_slot', x: 0, y: 0, width: 1080, height: 700, fit: 'cover' },
    {
      id: 'title',
      name: 'Headline',
      type: 'text',
      x: 80,
      y: 760,
      width: 920,
      height: 120,
      text: 'Our launch',
      fontFamily: 'Inter',
      fontSize: 96,
      fontWeight: 800,
      color: { brand: 'primary' },
      align: 'left',
    },
  ],
};

/** A workbench of `owner` with one Instagram-post project and its design document; the project id. */
export async function newProject(p: TestPlatform, owner: Owner, document: unknown = sampleDocument) {
  const [wb] = await p.db.db
    .insert(workbenches)
    .values({ ...ownerColumns(owner), name: 'Campaigns' })
    .returning();
  const [project] = await p.db.db
    .insert(projects)
    .values({ workbenchId: wb!.id, name: 'Launch post', format: 'instagram_post', width: 1080, height: 1080 })
    .returning();
  await p.db.db.insert(designDocuments).values({ projectId: project!.id, document });
  return project!.id;
}

export async function addMember(p: TestPlatform, teamId: string, userId: string, role: 'editor' | 'viewer') {
  await p.db.db.insert(teamMembers).values({ teamId, userId, role });
}
