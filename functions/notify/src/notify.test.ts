import { randomUUID } from 'node:crypto';
import { notifications, outbox, processedEvents, teamMembers, teams, users } from '@atelier/shared/db/schema';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newProject } from '../../../runner/src/test-support/creative';
import { eventually, type TestPlatform } from '../../../runner/src/test-support/platform';
import {
  mailTo,
  newUser,
  request,
  startIdentityPlatform,
  type TestUser,
} from '../../../runner/src/test-support/users';
import { SseClient } from '../../stream/src/sse-client';

async function emit(p: TestPlatform, type: string, data: Record<string, unknown>, id = randomUUID()) {
  await p.db.db.insert(outbox).values({ id, type, source: 'atelier/test', data });
  return id;
}

/** Waits until notify has handled the event (recorded as processed). */
const handled = (p: TestPlatform, id: string) =>
  eventually(async () => {
    const rows = await p.db.db
      .select()
      .from(processedEvents)
      .where(and(eq(processedEvents.consumer, 'notify'), eq(processedEvents.eventId, id)));
    return rows.length > 0;
  }, 20_000);

const inboxOf = async (p: TestPlatform, userId: string) =>
  p.db.db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(notifications.seq);

describe('notify: who is told, where, and in which language', () => {
  let p: TestPlatform;
  beforeAll(async () => {
    p = await startIdentityPlatform();
  }, 120_000);
  afterAll(() => p?.stop());

  const completed = (user: TestUser, projectId: string) => ({
    generationId: randomUUID(),
    userId: user.userId,
    projectId,
    ownerUserId: user.userId,
    teamId: null,
    assetId: randomUUID(),
    version: 1,
  });

  it('emails only where the settings say so, in the user’s language; push off stays off the stream', {
    timeout: 60_000,
  }, async () => {
    const user = await newUser(p);
    await p.db.db.update(users).set({ language: 'fr-FR' }).where(eq(users.id, user.userId));
    const { projectId } = await newProject(p, { userId: user.userId });
    const before = (await mailTo(p, user.email)).length;

    // Final ready: email on by default, in French.
    await handled(p, await emit(p, 'dev.atelier.generation.completed.v1', completed(user, projectId)));
    const mail = await eventually(async () => {
      const all = await mailTo(p, user.email);
      return all.length === before + 1 && all[0];
    });
    expect(mail.subject).toBe('Votre image finale pour Test project est prête');
    expect(mail.text).toContain(`/projects/${projectId}/studio?generation=`);

    // Samples ready: email off by default.
    const batch = { ...completed(user, projectId), batch: 1, delivered: 4, charged: 1 };
    await handled(p, await emit(p, 'dev.atelier.generation.awaiting_selection.v1', batch));
    // Turned off: no mail, still in the inbox.
    const off = await request(p, user, 'PUT', '/v1/notifications/settings', {
      'generation.final_ready': { email: false, push: false },
      'generation.samples_ready': { email: true },
    });
    expect(off.status).toBe(200);
    const live = await SseClient.open(`${p.url}/v1/stream`, { token: user.accessToken });
    await live.waitFor((e) => e.event === 'ready');
    await handled(p, await emit(p, 'dev.atelier.generation.completed.v1', completed(user, projectId)));
    // Turned on: mailed.
    await handled(p, await emit(p, 'dev.atelier.generation.awaiting_selection.v1', batch));
    const pushed = await live.waitFor((e) => e.event === 'notification');
    expect(JSON.parse(pushed.data).type).toBe('generation.samples_ready'); // not the muted final
    await new Promise((r) => setTimeout(r, 300)); // after-commit mail of the muted one would be here by now
    const mails = (await mailTo(p, user.email)).slice(0, -before || undefined);
    expect(mails.map((m) => m.subject)).toEqual([
      'Vos propositions pour Test project sont prêtes',
      'Votre image finale pour Test project est prête',
    ]);
    const inbox = await inboxOf(p, user.userId);
    expect(inbox.map((n) => [n.type, n.live])).toEqual([
      ['generation.final_ready', true],
      ['generation.samples_ready', true],
      ['generation.final_ready', false],
      ['generation.samples_ready', true],
    ]);
    // A replay from the start skips what was muted.
    const replay = await SseClient.open(`${p.url}/v1/stream?lastEventId=0`, { token: user.accessToken });
    await replay.waitFor((e) => e.event === 'ready');
    expect(replay.notifications().map((n) => n.type)).toEqual([
      'generation.final_ready',
      'generation.samples_ready',
      'generation.samples_ready',
    ]);
    live.close();
    replay.close();
  });

  it('a redelivered event adds nothing', { timeout: 30_000 }, async () => {
    const user = await newUser(p);
    const { projectId } = await newProject(p, { userId: user.userId });
    const data = completed(user, projectId);
    const id = await emit(p, 'dev.atelier.generation.completed.v1', data);
    await handled(p, id);
    await p.db.db.delete(outbox).where(eq(outbox.id, id));
    await emit(p, 'dev.atelier.generation.completed.v1', data, id);
    await eventually(async () => {
      const [row] = await p.db.db.select().from(outbox).where(eq(outbox.id, id));
      return row?.publishedAt !== null;
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(await inboxOf(p, user.userId)).toHaveLength(1);
  });

  it('comments, billing and team events reach the right people (never the author)', {
    timeout: 60_000,
  }, async () => {
    const [owner, admin, editor, viewer] = await Promise.all([
      newUser(p),
      newUser(p),
      newUser(p),
      newUser(p),
    ]);
    const [team] = await p.db.db.insert(teams).values({ name: 'Studio North' }).returning();
    const teamId = team!.id;
    await p.db.db.insert(teamMembers).values([
      { teamId, userId: owner.userId, role: 'owner' },
      { teamId, userId: admin.userId, role: 'admin' },
      { teamId, userId: editor.userId, role: 'editor' },
      { teamId, userId: viewer.userId, role: 'viewer' },
    ]);
    const { projectId } = await newProject(p, { teamId });
    const stranger = randomUUID();

    const comment = await emit(p, 'dev.atelier.collab.comment.created.v1', {
      commentId: randomUUID(),
      projectId,
      layerId: 'layer-1',
      authorId: editor.userId,
      mentions: [viewer.userId, editor.userId, stranger],
      excerpt: 'Can we make the logo bigger?',
      ownerUserId: null,
      teamId,
    });
    const reminder = await emit(p, 'dev.atelier.billing.payment.reminder.v1', {
      subscriptionId: randomUUID(),
      ownerUserId: null,
      teamId,
      reminder: 1,
      graceEndsAt: '2026-12-24T00:00:00.000Z',
      suspended: false,
    });
    const created = await emit(p, 'dev.atelier.identity.team.member_added.v1', {
      teamId,
      userId: owner.userId,
      role: 'owner',
    });
    const joined = await emit(p, 'dev.atelier.identity.team.member_added.v1', {
      teamId,
      userId: viewer.userId,
      role: 'viewer',
    });
    const left = await emit(p, 'dev.atelier.identity.team.member_removed.v1', {
      teamId,
      userId: admin.userId,
      by: 'left',
    });
    const removed = await emit(p, 'dev.atelier.identity.team.member_removed.v1', {
      teamId,
      userId: editor.userId,
      by: 'removed',
    });
    for (const id of [comment, reminder, created, joined, left, removed]) await handled(p, id);

    const types = async (u: TestUser) => (await inboxOf(p, u.userId)).map((n) => n.type).sort();
    expect(await types(owner)).toEqual(['billing.payment_reminder', 'comment.created']);
    expect(await types(admin)).toEqual(['billing.payment_reminder', 'comment.created']);
    expect(await types(editor)).toEqual(['team.member_removed']);
    expect(await types(viewer)).toEqual(['comment.mentioned', 'team.member_added']);
    const [mention] = (await inboxOf(p, viewer.userId)).filter((n) => n.type === 'comment.mentioned');
    expect(mention!.data).toMatchObject({ projectId, layerId: 'layer-1', authorId: editor.userId });
    expect(mention!.title).toBe('Test User mentioned you in "Test project"');

    // Mention and reminder mailed by default (English here), the plain comment not.
    const viewerMail = await eventually(async () => {
      const m = (await mailTo(p, viewer.email)).find((x) => x.subject.includes('mentioned you'));
      return m;
    });
    expect(viewerMail.text).toContain('Can we make the logo bigger?');
    const ownerMail = await eventually(async () => {
      const all = await mailTo(p, owner.email);
      return all.some((m) => m.subject === 'Your Atelier payment did not go through') && all;
    });
    expect(ownerMail.find((m) => m.subject.includes('payment'))!.text).toContain('December 24, 2026');
    expect(ownerMail.some((m) => m.subject.includes('commented'))).toBe(false);
  });
});
