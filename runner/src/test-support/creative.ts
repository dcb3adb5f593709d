import type { PlanId } from '@atelier/shared/billing/plans';
import { projects, subscriptions, workbenches } from '@atelier/shared/db/schema';
import { createStorage, type Storage } from '@atelier/shared/storage';
import sharp from 'sharp';
import type { TestPlatform } from './platform';
import { mailTo, newUser, request, type TestUser } from './users';

/** The platform's storage, as the tests look into it. */
export const testStorage = (p: TestPlatform): Storage =>
  createStorage({
    S3_ENDPOINT: p.runner.s3Endpoint,
    S3_REGION: 'us-east-1',
    S3_BUCKET: p.env.S3_BUCKET!,
    S3_ACCESS_KEY_ID: 'S3RVER',
    S3_SECRET_ACCESS_KEY: 'S3RVER',
    S3_FORCE_PATH_STYLE: true,
  });

export type Owner = { userId: string } | { teamId: string };

/** A workbench and a project inserted directly (the workbenches function has its own tests). */
export async function newProject(p: TestPlatform, owner: Owner) {
  const [wb] = await p.db.db
    .insert(workbenches)
    .values({
      name: 'Test workbench',
      ...('userId' in owner ? { ownerUserId: owner.userId } : { teamId: owner.teamId }),
    })
    .returning();
  const [project] = await p.db.db
    .insert(projects)
    .values({
      workbenchId: wb!.id,
      name: 'Test project',
      format: 'instagram_post',
      width: 1080,
      height: 1080,
    })
    .returning();
  return { workbenchId: wb!.id, projectId: project!.id };
}

/** A live subscription to a paid plan, inserted directly (billing's own tests buy through Stripe). */
export async function subscribe(p: TestPlatform, owner: Owner, plan: PlanId) {
  const now = Date.now();
  await p.db.db.insert(subscriptions).values({
    ...('userId' in owner ? { ownerUserId: owner.userId } : { teamId: owner.teamId }),
    plan,
    status: 'active',
    provider: 'manual',
    currentPeriodStart: new Date(now),
    currentPeriodEnd: new Date(now + 30 * 86_400_000),
  });
}

/** A real image of the given format. */
export const image = (format: 'png' | 'jpeg' | 'webp' | 'gif' = 'png', width = 640, height = 400) =>
  sharp({ create: { width, height, channels: 3, background: { r: 30, g: 120, b: 200 } } })
    .toFormat(format)
    .toBuffer();

/** Sends bytes to a presigned upload the way a browser does; answers the storage's status. */
export async function putFile(
  link: Record<string, unknown>,
  bytes: Uint8Array,
  headers = link.headers as Record<string, string>,
) {
  const res = await fetch(link.url as string, { method: 'PUT', headers, body: bytes });
  return res.status;
}

/** A team with an MFA-enabled Owner and, joined through the emailed invitation, one member per role. */
export async function newTeam(p: TestPlatform, roles: Array<'admin' | 'editor' | 'viewer'> = []) {
  const owner = await newUser(p, { mfa: true });
  const teamId = (await request(p, owner, 'POST', '/v1/teams', { name: 'Studio' })).body.id as string;
  const members: Record<string, TestUser> = {};
  for (const role of roles) {
    const who = await newUser(p, role === 'admin' ? { mfa: true } : {});
    await request(p, owner, 'POST', `/v1/teams/${teamId}/invitations`, { email: who.email, role });
    const mail = (await mailTo(p, who.email)).find((m) => m.text.includes('/teams/accept'))!;
    const token = /token=([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
    const accepted = await request(p, who, 'POST', '/v1/teams/invitations/accept', { token });
    if (accepted.status !== 200) throw new Error(`joining as ${role} answered ${accepted.status}`);
    members[role] = who;
  }
  return { owner, teamId, members };
}
