import { readFile } from 'node:fs/promises';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withoutAiProviders } from '../../runner/src/test-support/generation';
import type { TestPlatform } from '../../runner/src/test-support/platform';
import { newUser, startIdentityPlatform, TEST_PASSWORD } from '../../runner/src/test-support/users';
import {
  expectAccessible,
  launchBrowser,
  openJourney,
  signIn,
  withScreenshotOnFailure,
} from './support/browser';

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const nav = (page: Page, name: string) =>
  page.getByRole('navigation').getByRole('link', { name, exact: true }).click();

/** Width and height from a PNG's IHDR chunk (bytes 16–23), after checking the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('generation journey in Chromium', () => {
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

  it('generates four offline samples, makes a final from one and downloads it', async () => {
    const user = await newUser(p);
    const { page, errors, close } = await openJourney(browser, p.url, { acceptDownloads: true });
    await withScreenshotOnFailure('generation-journey', page, async () => {
      await signIn(page, user.email, TEST_PASSWORD);

      // A workbench and a blank Instagram post (1080 × 1080).
      await nav(page, 'Workbenches');
      await page.getByLabel('Workbench name').fill('Summer');
      await page.getByRole('button', { name: 'Create workbench' }).click();
      await page.getByRole('link', { name: 'Summer' }).click();
      await heading(page, 'Summer').waitFor();
      await page.getByLabel('Project name').fill('Lemonade post');
      await page.getByRole('button', { name: 'Create blank project' }).click();
      await heading(page, 'Lemonade post').waitFor();

      // The studio's own area lists the project; the project page leads there too.
      await nav(page, 'Studio');
      await heading(page, 'Studio').waitFor();
      await page.getByRole('link', { name: 'Lemonade post' }).waitFor();
      await expectAccessible(page, 'studio project picker');
      await page.getByRole('link', { name: 'Lemonade post' }).click();
      await heading(page, 'Studio · Lemonade post').waitFor();
      await page.getByRole('link', { name: 'Back to the project' }).click();
      await page.getByRole('link', { name: 'Generate', exact: true }).click();
      await heading(page, 'Studio · Lemonade post').waitFor();

      // The cost before sending (Free: 1 credit for the batch, 100 in the month's grant).
      await page.getByText('Credits for 4 samples: 1 · you have 100').waitFor();
      await page.getByText('Brand kits need the Pro plan or above.').waitFor();
      await expectAccessible(page, 'studio');
      await page.getByLabel('Prompt').fill('A glass of lemonade on a sunny table, flat illustration');
      await page.getByRole('button', { name: 'Generate 4 samples' }).click();

      // The four samples arrive (one by one) with the offline notice; then the choice.
      const samples = page.getByRole('list', { name: 'Samples' });
      await page
        .getByText('4 of 4 samples ready. Choose one for the final image.')
        .waitFor({ timeout: 60_000 });
      await page.getByText('Offline preview — no AI model is configured.').waitFor();
      const images = samples.getByRole('img');
      await expect(images.count()).resolves.toBe(4);
      for (const img of await images.all()) {
        await expect
          .poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0))
          .toBe(true);
      }
      await expectAccessible(page, 'studio samples');

      await page.getByLabel('Choose sample 2').check();
      await page.getByLabel(/^Standard \(up to 2,048 px\)/).check();
      await page.getByRole('button', { name: 'Make the final image' }).click();
      const download = page.getByRole('link', { name: 'Download' });
      await download.waitFor({ timeout: 90_000 });
      await page.getByText('This image carries a watermark (Free plan).').waitFor();
      const final = page.getByRole('img', { name: /^Final image, / });
      await expect.poll(() => final.evaluate((el: HTMLImageElement) => el.naturalWidth)).toBeGreaterThan(0);
      await expectAccessible(page, 'studio final');

      // The download is the final itself: a PNG of the project's size.
      const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
      const bytes = await readFile((await file.path()) as string);
      expect(pngSize(bytes)).toEqual({ width: 1080, height: 1080 });

      // The history lists it, completed, and opens it again.
      const history = page.getByRole('region', { name: 'History' });
      await history.getByText(/^Completed · /).waitFor();
      await page.reload();
      await page.getByRole('link', { name: 'Download' }).waitFor();

      // At 320 px (a small phone) nothing scrolls sideways.
      await page.setViewportSize({ width: 320, height: 800 });
      await expect
        .poll(() => page.evaluate(() => document.documentElement.scrollWidth))
        .toBeLessThanOrEqual(320);
    });
    expect(errors).toEqual([]);
    await close();
  }, 240_000);
});
