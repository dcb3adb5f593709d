import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutAiProviders } from '../../runner/src/test-support/generation';
import type { TestPlatform } from '../../runner/src/test-support/platform';
import {
  mailTo,
  newUser,
  request,
  startIdentityPlatform,
  TEST_PASSWORD,
  type TestUser,
} from '../../runner/src/test-support/users';
import {
  expectAccessible,
  launchBrowser,
  openJourney,
  signIn,
  withScreenshotOnFailure,
} from './support/browser';

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/** A design with a panel to move and a headline to retype. */
const design = {
  version: 1,
  width: 1080,
  height: 1080,
  background: { color: '#FFFFFF' },
  layers: [
    {
      id: 'panel',
      name: 'Panel',
      type: 'shape',
      shape: 'rect',
      x: 100,
      y: 100,
      width: 400,
      height: 300,
      fill: '#4338CA',
    },
    {
      id: 'headline',
      name: 'Headline',
      type: 'text',
      x: 100,
      y: 600,
      width: 880,
      height: 160,
      text: 'Summer sale',
      fontFamily: 'Inter',
      fontSize: 96,
      fontWeight: 700,
      color: '#18181B',
      align: 'left',
    },
  ],
};

/** A second member joins the team through the emailed invitation, as `newTeam` does. */
async function join(p: TestPlatform, owner: TestUser, teamId: string, role: 'editor' | 'viewer') {
  const who = await newUser(p);
  await request(p, owner, 'POST', `/v1/teams/${teamId}/invitations`, { email: who.email, role });
  const mail = (await mailTo(p, who.email)).find((m) => m.text.includes('/teams/accept'))!;
  const token = /token=([A-Za-z0-9_-]{43})/.exec(mail.text)![1];
  expect((await request(p, who, 'POST', '/v1/teams/invitations/accept', { token })).status).toBe(200);
  return who;
}

/** Where a layer sits on the page (its CSS box in document px). */
const layerLeft = (page: Page, name: string) =>
  page
    .getByRole('button', { name: `Layer “${name}”`, exact: false })
    .evaluate((el: HTMLElement) => el.style.left);

describe('real-time journey in Chromium', () => {
  let p: TestPlatform;
  let browser: Browser;
  beforeAll(async () => {
    // Offline previews make the studio's images, whatever the shell's environment says.
    [p, browser] = await Promise.all([startIdentityPlatform(withoutAiProviders()), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await p?.stop();
  });

  it('two editors of a team project see each other’s moves, typing and cursor live; a generation rings the bell', async () => {
    // The owner sets the team up (two-step sign-in, so not in a browser); Ada and Grace edit.
    const owner = await newUser(p, { mfa: true });
    const teamId = (await request(p, owner, 'POST', '/v1/teams', { name: 'Studio' })).body.id as string;
    const ada = await join(p, owner, teamId, 'editor');
    const grace = await join(p, owner, teamId, 'editor');
    await request(p, ada, 'PATCH', '/v1/me', { displayName: 'Ada' });
    await request(p, grace, 'PATCH', '/v1/me', { displayName: 'Grace' });
    const wb = await request(p, owner, 'POST', '/v1/workbenches', { name: 'Launch', teamId });
    const project = await request(p, owner, 'POST', `/v1/workbenches/${wb.body.id}/projects`, {
      name: 'Summer poster',
      format: 'instagram_post',
    });
    const projectId = project.body.id as string;
    const doc = await request(p, owner, 'GET', `/v1/projects/${projectId}/document`);
    const saved = await request(p, owner, 'PUT', `/v1/projects/${projectId}/document`, {
      revision: doc.body.revision,
      document: design,
    });
    expect(saved.status).toBe(200);

    const a = await openJourney(browser, p.url);
    const g = await openJourney(browser, p.url);
    await withScreenshotOnFailure('realtime-journey', a.page, async () => {
      await Promise.all([
        signIn(a.page, ada.email, TEST_PASSWORD),
        signIn(g.page, grace.email, TEST_PASSWORD),
      ]);
      // Grace opens it from the project page; Ada by its address.
      await g.page.goto(`/projects/${projectId}`);
      await g.page.getByRole('link', { name: 'Edit the design together' }).click();
      await a.page.goto(`/projects/${projectId}/canvas`);
      for (const page of [a.page, g.page]) {
        await heading(page, 'Canvas: Summer poster').waitFor();
        await page.getByText('Live: changes are shared as you make them.').waitFor({ timeout: 30_000 });
      }
      // Each sees the other among the people here.
      await a.page
        .getByRole('list', { name: 'People here: 2' })
        .getByText('Grace', { exact: true })
        .waitFor();
      await g.page.getByRole('list', { name: 'People here: 2' }).getByText('Ada', { exact: true }).waitFor();
      await expectAccessible(a.page, 'canvas');

      // Ada drags the panel 100 screen px to the right; Grace's copy follows.
      const panel = a.page.getByRole('button', { name: 'Layer “Panel” (shape)' });
      const box = (await panel.boundingBox())!;
      await a.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await a.page.mouse.down();
      await a.page.mouse.move(box.x + box.width / 2 + 50, box.y + box.height / 2, { steps: 5 });
      await a.page.mouse.move(box.x + box.width / 2 + 100, box.y + box.height / 2, { steps: 5 });
      await a.page.mouse.up();
      const moved = await layerLeft(a.page, 'Panel');
      expect(moved).not.toBe('100px');
      await expect.poll(() => layerLeft(g.page, 'Panel'), { timeout: 10_000 }).toBe(moved);
      // …and by keyboard: two steps right.
      await panel.focus();
      await a.page.keyboard.press('ArrowRight');
      await a.page.keyboard.press('ArrowRight');
      const afterKeys = `${Number.parseInt(moved, 10) + 2}px`;
      await expect.poll(() => layerLeft(g.page, 'Panel'), { timeout: 10_000 }).toBe(afterKeys);

      // Ada retypes the headline; Grace sees the text.
      await a.page.getByRole('button', { name: 'Headline (text)' }).click();
      await a.page.getByRole('textbox', { name: 'Text', exact: true }).fill('Summer sale — 30% off');
      await g.page
        .getByRole('button', { name: 'Layer “Headline” (text)' })
        .getByText('Summer sale — 30% off')
        .waitFor({ timeout: 10_000 });

      // Ada's pointer over the canvas shows on Grace's screen, named.
      const stage = (await a.page.locator('.canvas-stage').boundingBox())!;
      await a.page.mouse.move(stage.x + 40, stage.y + 40);
      await a.page.mouse.move(stage.x + 60, stage.y + 50);
      await g.page.getByTestId('remote-cursor').filter({ hasText: 'Ada' }).waitFor({ timeout: 10_000 });

      // Undo takes back Ada's own last edit (the text), for both.
      await a.page.getByRole('button', { name: 'Undo' }).click();
      await g.page
        .getByRole('button', { name: 'Layer “Headline” (text)' })
        .getByText('Summer sale', { exact: true })
        .waitFor({ timeout: 10_000 });

      // A comment from Grace mentions nobody but shows for Ada after a reload of the panel.
      await g.page.getByLabel('Add a comment').fill('Love the new headline');
      await g.page.getByRole('button', { name: 'Post comment' }).click();
      await g.page.getByText('Love the new headline').waitFor();

      // 320 px: the canvas scales down, no sideways scrolling.
      await a.page.setViewportSize({ width: 320, height: 800 });
      await expect
        .poll(() => a.page.evaluate(() => document.documentElement.scrollWidth))
        .toBeLessThanOrEqual(320);
      await a.page.setViewportSize({ width: 1280, height: 800 });
    });

    // Ada generates in her own project: the samples come by push, with a toast and the bell's count.
    await withScreenshotOnFailure('realtime-journey-generation', a.page, async () => {
      const own = await request(p, ada, 'POST', '/v1/workbenches', { name: 'Mine' });
      const mine = await request(p, ada, 'POST', `/v1/workbenches/${own.body.id}/projects`, {
        name: 'Lemonade',
        format: 'instagram_post',
      });
      await a.page.goto(`/projects/${mine.body.id}/studio`);
      await heading(a.page, 'Studio · Lemonade').waitFor();
      await a.page.getByLabel('Prompt').fill('A glass of lemonade, flat illustration');
      await a.page.getByRole('button', { name: 'Generate 4 samples' }).click();
      await a.page
        .getByText('4 of 4 samples ready. Choose one for the final image.')
        .waitFor({ timeout: 60_000 });
      const toasts = a.page.getByRole('region', { name: 'Live notifications' });
      await toasts.getByText('Samples for “Lemonade” are ready: choose one.').waitFor({ timeout: 30_000 });
      // The bell shows what the inbox holds unread (earlier items — joining the team, Grace's comment —
      // may still be arriving on a busy machine, so the count is read from the server, not guessed).
      const count = async () =>
        (await request(p, ada, 'GET', '/v1/notifications/unread-count')).body.count as number;
      await expect.poll(count, { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
      const bell = a.page.locator('.bell-button');
      await expect
        .poll(
          async () => (await bell.getAttribute('aria-label')) === `Notifications, unread: ${await count()}`,
          {
            timeout: 30_000,
          },
        )
        .toBe(true);
      await expectAccessible(a.page, 'studio with a toast');
      await bell.click();
      await a.page.getByRole('link', { name: 'All notifications and settings' }).click();
      await heading(a.page, 'Notifications').waitFor();
      await a.page.getByRole('link', { name: 'Samples for “Lemonade” are ready: choose one.' }).waitFor();
      await a.page.getByRole('link', { name: 'You joined the team “Studio”.' }).waitFor();
      await expectAccessible(a.page, 'notifications');
      await a.page.getByRole('button', { name: 'Mark all as read' }).click();
      await a.page.getByRole('button', { name: 'Notifications', exact: true }).waitFor();
    });
    expect(a.errors).toEqual([]);
    expect(g.errors).toEqual([]);
    await a.close();
    await g.close();
  }, 240_000);
});
