import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../runner/src/test-support/platform';
import { newUser, startIdentityPlatform, TEST_PASSWORD } from '../../runner/src/test-support/users';
import {
  expectAccessible,
  launchBrowser,
  openJourney,
  signIn,
  withScreenshotOnFailure,
} from './support/browser';
import { image, subscribePro } from './support/creative';

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const nav = (page: Page, name: string) =>
  page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

describe('creative journey in Chromium', () => {
  let p: TestPlatform;
  let browser: Browser;
  beforeAll(async () => {
    [p, browser] = await Promise.all([startIdentityPlatform(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await p?.stop();
  });

  it('makes a workbench and a project from a template, uploads an image, restores a version, edits a brand kit', async () => {
    const user = await newUser(p);
    const [photo, edited] = await Promise.all([image('png', 640, 400), image('jpeg', 800, 600)]);
    // With the page's real CSP: its connect-src names the storage origin the presigned PUTs go to.
    const { page, errors, close } = await openJourney(browser, p.url);
    await withScreenshotOnFailure('creative-journey', page, async () => {
      await signIn(page, user.email, TEST_PASSWORD);
      // The dashboard shows the plan from the account view.
      await page.getByText('Free', { exact: true }).first().waitFor();

      // Brand kits are Pro: a Free account is told what it takes.
      await nav(page, 'Brand kits');
      await heading(page, 'Brand kits').waitFor();
      await page.getByText('Brand kits need the Pro plan or above.').waitFor();
      await expectAccessible(page, 'brand kits (Free)');

      // A workbench, then a project from a template of the gallery.
      await nav(page, 'Workbenches');
      await heading(page, 'Workbenches').waitFor();
      await page.getByLabel('Workbench name').fill('Spring launch');
      await page.getByRole('button', { name: 'Create workbench' }).click();
      await page.getByRole('link', { name: 'Spring launch' }).click();
      await heading(page, 'Spring launch').waitFor();
      await expectAccessible(page, 'workbench');
      await page.getByRole('link', { name: 'Start from a template instead' }).click();
      await heading(page, 'Templates').waitFor();
      const gallery = page.getByRole('list', { name: 'Templates' });
      await gallery.getByRole('button').first().waitFor();
      await page.getByLabel('Category').selectOption('sale');
      await page.getByRole('button', { name: 'Trending' }).click();
      await gallery.getByRole('button', { name: /Sale/ }).first().waitFor();
      await expectAccessible(page, 'templates');
      await gallery.getByRole('button').first().click();
      const preview = page.getByRole('dialog');
      await preview.getByRole('img', { name: /^Preview of the template/ }).waitFor();
      await expect(preview.getByLabel('Workbench').inputValue()).resolves.not.toBe('new');
      await expectAccessible(page, 'template preview');
      await preview.getByLabel('Project name').fill('Sale post');
      await preview.getByRole('button', { name: 'Create project from template' }).click();
      await heading(page, 'Sale post').waitFor();
      await page.getByRole('img', { name: /^Preview of Sale post, revision 1/ }).waitFor();
      await page.getByText('Revision 1', { exact: true }).waitFor();
      await expectAccessible(page, 'project');

      // An image straight to storage; its thumbnail appears once the thumbnails function made it.
      await page.getByLabel('Choose images to upload').setInputFiles({
        name: 'photo.png',
        mimeType: 'image/png',
        buffer: photo,
      });
      const thumb = page.getByRole('img', { name: 'Thumbnail of photo.png' });
      await thumb.waitFor({ timeout: 60_000 });
      // The element appears with its link; the bytes arrive a moment later (slower on a busy machine).
      expect(
        await thumb.evaluate((img: HTMLImageElement) =>
          img.complete
            ? img.naturalWidth > 0
            : new Promise<boolean>((resolve) => {
                img.addEventListener('load', () => resolve(img.naturalWidth > 0), { once: true });
                img.addEventListener('error', () => resolve(false), { once: true });
              }),
        ),
      ).toBe(true);

      // A second version, then version 1 back (as version 3): history is never rewritten.
      await page.getByRole('button', { name: 'Versions photo.png' }).click();
      const versions = page.getByRole('dialog', { name: 'Versions of photo.png' });
      await versions.getByText('Version 1', { exact: true }).waitFor();
      await versions.getByLabel('Upload a new version').setInputFiles({
        name: 'photo.jpg',
        mimeType: 'image/jpeg',
        buffer: edited,
      });
      await versions.getByText('Version 2 is uploaded.').waitFor();
      await expectAccessible(page, 'asset versions');
      await versions.getByRole('button', { name: 'Restore version 1' }).click();
      await versions.getByText('Version 1 is restored as version 3.').waitFor();
      await versions.getByText('Version 3', { exact: true }).waitFor();
      await versions.getByRole('button', { name: 'Close' }).click();
      await page.getByText(/^Version 3 ·/).waitFor();

      // The asset area leads to the same library.
      await nav(page, 'Assets');
      await heading(page, 'Assets').waitFor();
      await page.getByRole('link', { name: 'Sale post' }).waitFor();
      await expectAccessible(page, 'assets');

      // On Pro, a brand kit: colours checked as typed, tone, saved.
      await subscribePro(p, user.userId);
      await page.reload(); // the plan is read once per visit
      await nav(page, 'Brand kits');
      await page.getByLabel('Brand kit name').fill('Acme');
      await page.getByRole('button', { name: 'Create brand kit' }).click();
      await heading(page, 'Acme').waitFor();
      await page.getByRole('button', { name: 'Add a color' }).click();
      await page.getByLabel('Hex code of color 1').fill('#12345');
      await page.getByText('Use the form #RRGGBB', { exact: false }).waitFor();
      await expectAccessible(page, 'brand kit editor');
      await page.getByLabel('Hex code of color 1').fill('#E4572E');
      await page.getByLabel('Tone of voice').fill('Warm and direct.');
      await page.getByRole('button', { name: 'Save brand kit' }).click();
      await page.getByText('Brand kit saved.').waitFor();
      await expect(page.getByLabel('Color 1', { exact: true }).inputValue()).resolves.toBe('#e4572e');
    });
    expect(errors).toEqual([]);
    await close();
  }, 180_000);
});
