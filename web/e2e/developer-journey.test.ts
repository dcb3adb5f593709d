import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../runner/src/test-support/platform';
import { newUser, startIdentityPlatform, TEST_PASSWORD } from '../../runner/src/test-support/users';
import { startWebhookReceiver, type WebhookReceiver } from '../../runner/src/test-support/webhook-receiver';
import {
  expectAccessible,
  launchBrowser,
  openJourney,
  signIn,
  withScreenshotOnFailure,
} from './support/browser';

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/** Nothing makes the page scroll sideways at 320 px (tables scroll in their own box). */
async function expectFitsPhone(page: Page, screen: string) {
  const size = page.viewportSize();
  await page.setViewportSize({ width: 320, height: 800 });
  await expect(page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).resolves.toBe(
    true,
  );
  await expectAccessible(page, `${screen} at 320 px`);
  if (size) await page.setViewportSize(size);
}

/** Clicks `refresh` until `target` shows `text` (the server's counters are read live, but a busy machine lags). */
async function refreshUntil(refresh: Locator, target: Locator, text: string | RegExp, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = (await target.textContent()) ?? '';
    if (typeof text === 'string' ? now.includes(text) : text.test(now)) return;
    if (Date.now() > deadline) throw new Error(`still "${now}", waiting for ${String(text)}`);
    await refresh.click();
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('developer journey in Chromium', () => {
  let p: TestPlatform;
  let browser: Browser;
  let receiver: WebhookReceiver;
  beforeAll(async () => {
    receiver = await startWebhookReceiver();
    [p, browser] = await Promise.all([
      // The receiver is on loopback over http: allowed for this one address:port only (local work).
      startIdentityPlatform({
        WEBHOOK_ALLOW_HTTP: 'true',
        WEBHOOK_ALLOW_TARGETS: `127.0.0.1:${receiver.port}`,
      }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await p?.stop();
    await receiver?.stop();
  });

  it('creates a key, calls the API with it and sees usage move; adds a webhook and sees a test delivery', async () => {
    const user = await newUser(p);
    const { page, errors, close } = await openJourney(browser, p.url, {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    await withScreenshotOnFailure('developer-journey', page, async () => {
      await signIn(page, user.email, TEST_PASSWORD);
      await page.getByRole('navigation').getByRole('link', { name: 'Developer', exact: true }).click();
      await heading(page, 'Developer').waitFor();
      const keys = page.getByRole('region', { name: 'API keys' });
      await keys.getByText('No keys yet. Create one to call the API.').waitFor();
      const usage = page.getByRole('region', { name: 'Usage' });
      await usage.getByText('Requests: 0, generations: 0').first().waitFor();
      await expect(page.getByRole('link', { name: 'API reference' }).getAttribute('href')).resolves.toBe(
        '/v1/docs',
      );
      await expectAccessible(page, 'developer');

      // Create a key that may read projects, pay-as-you-go.
      await keys.getByRole('button', { name: 'Create key' }).click();
      const form = page.getByRole('dialog', { name: 'Create an API key' });
      await form.getByLabel('Name').fill('Journey script');
      await form.getByRole('checkbox', { name: 'projects:read' }).check();
      await form.getByLabel('Expires after (days, optional)').fill('30');
      await form.getByRole('radio', { name: 'Pay as you go' }).check();
      await expectAccessible(page, 'create key dialog');
      await form.getByRole('button', { name: 'Create key' }).click();

      // Shown once: copy it with the button and read it back from the clipboard.
      const shown = page.getByRole('dialog', { name: 'Your new key “Journey script”' });
      await shown.getByText(/It will not be shown again/).waitFor();
      const inBox = await shown.getByLabel('API key').inputValue();
      expect(inBox).toMatch(/^atl_live_[A-Za-z0-9]+_[A-Za-z0-9_-]+$/);
      await shown.getByRole('button', { name: 'Copy' }).click();
      await shown.getByText('Copied to the clipboard.').waitFor();
      const secret = await page.evaluate(() => navigator.clipboard.readText());
      expect(secret).toBe(inBox);
      await expectAccessible(page, 'copy-once dialog');
      await shown.getByRole('button', { name: 'I have copied it' }).click();
      await shown.waitFor({ state: 'hidden' });
      const listed = keys.getByRole('listitem').filter({ hasText: 'Journey script' });
      const prefix = secret.split('_').slice(0, 3).join('_');
      await listed.getByText(`${prefix}…`).waitFor();
      await listed.getByText('Never used').waitFor();
      await expect(page.content()).resolves.not.toContain(secret);

      // The API with the key, from outside the browser.
      for (let i = 0; i < 3; i++) {
        const res = await fetch(`${p.url}/v1/projects`, { headers: { authorization: `Bearer ${secret}` } });
        expect(res.status).toBe(200);
        expect(res.headers.get('ratelimit')).toBeTruthy();
        await res.arrayBuffer();
      }

      // Usage moves (today's live counters), and the key says when and from where it was used.
      await refreshUntil(
        usage.getByRole('button', { name: 'Refresh' }),
        usage.getByTestId('usage-today'),
        'Requests: 3,',
      );
      await usage
        .getByRole('table', { name: 'By key' })
        .getByRole('row')
        .filter({ hasText: 'Journey script' })
        .getByText('3', { exact: true })
        .first()
        .waitFor();
      // The key's last use is written beside the request (not awaited by it): read the list again until it shows.
      const lastUsed = keys.getByText(/^Last used .* from 127\.0\.0\.1$/);
      for (let tries = 0; ; tries++) {
        await page.reload();
        await heading(page, 'Developer').waitFor();
        await keys
          .getByText(/^(Last used|Never used)/)
          .first()
          .waitFor();
        if ((await lastUsed.count()) > 0 || tries >= 20) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      await lastUsed.waitFor();
      await expectAccessible(page, 'developer with a key and usage');
      await expectFitsPhone(page, 'developer');

      // A webhook to the test's receiver; its signing secret is shown once, and the receiver checks with it.
      const hooks = page.getByRole('region', { name: 'Webhooks' });
      await hooks.getByRole('button', { name: 'Add endpoint' }).click();
      const add = page.getByRole('dialog', { name: 'Add a webhook endpoint' });
      await add.getByLabel('Endpoint URL').fill(receiver.url);
      await add.getByRole('checkbox', { name: 'generation.completed' }).check();
      await expectAccessible(page, 'add webhook dialog');
      await add.getByRole('button', { name: 'Add endpoint' }).click();
      const signing = page.getByRole('dialog', { name: 'Signing secret' });
      const whsec = await signing.getByLabel('Signing secret').inputValue();
      expect(whsec).toMatch(/^whsec_/);
      receiver.setSecret(whsec);
      await signing.getByRole('button', { name: 'I have copied it' }).click();
      await signing.waitFor({ state: 'hidden' });

      await hooks.getByRole('link', { name: receiver.url }).click();
      await heading(page, 'Webhook endpoint').waitFor();
      await page.getByText('Nothing sent yet. Send a test event to try the endpoint.').waitFor();
      await page.getByRole('button', { name: 'Send test event' }).click();
      await page.getByText('Test event sent. It appears in the log below.').waitFor();

      // The log reads itself again while the delivery is pending: delivered, 200, one try.
      const row = page
        .getByRole('table', { name: 'Delivery log' })
        .getByRole('row')
        .filter({ hasText: 'webhook.test' });
      await row.getByText('Delivered').waitFor({ timeout: 30_000 });
      await expect(row.getByRole('cell').nth(1).textContent()).resolves.toBe('1');
      await expect(row.getByRole('cell').nth(2).textContent()).resolves.toBe('200');
      const got = receiver.accepted();
      expect(got).toHaveLength(1);
      expect(got[0]?.payload.type).toBe('webhook.test');
      await expectAccessible(page, 'webhook endpoint');
      await expectFitsPhone(page, 'webhook endpoint');
    });
    expect(errors).toEqual([]);
    await close();
  }, 180_000);
});
