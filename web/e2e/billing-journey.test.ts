import { createServer } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../runner/src/test-support/platform';
import { type StripeFake, startStripeFake } from '../../runner/src/test-support/stripe-fake';
import { newUser, startIdentityPlatform, TEST_PASSWORD } from '../../runner/src/test-support/users';
import {
  expectAccessible,
  launchBrowser,
  openJourney,
  signIn,
  withScreenshotOnFailure,
} from './support/browser';

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/**
 * A port nobody listens on now. Stripe sends the browser back to PUBLIC_URL, which the runner derives
 * from GATEWAY_PORT: with port 0 it would say 8080, so the journey fixes the port up front.
 */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('billing journey in Chromium', () => {
  let p: TestPlatform;
  let stripe: StripeFake;
  let browser: Browser;
  beforeAll(async () => {
    stripe = await startStripeFake();
    const port = await freePort();
    [p, browser] = await Promise.all([
      startIdentityPlatform({ ...stripe.env, GATEWAY_PORT: String(port) }),
      launchBrowser(),
    ]);
  });
  afterAll(async () => {
    await browser?.close();
    await p?.stop();
    await stripe?.close();
  });

  it('buys a credit pack with Stripe Checkout and sees the balance and the history update', async () => {
    const user = await newUser(p);
    const { page, errors, close } = await openJourney(browser, p.url);
    await withScreenshotOnFailure('billing-journey', page, async () => {
      await signIn(page, user.email, TEST_PASSWORD);
      await page.getByRole('navigation').getByRole('link', { name: 'Billing', exact: true }).click();
      await heading(page, 'Billing').waitFor();

      // Free, the month's 100 credits, and their grant in the history.
      const credits = page.getByRole('region', { name: 'Credits' });
      await credits.getByText('100', { exact: true }).first().waitFor();
      const plans = page.getByRole('region', { name: 'Plan' });
      await expect(plans.locator('li[aria-current="true"] h3').textContent()).resolves.toMatch(/^Free/);
      const history = page.getByRole('region', { name: 'History' });
      await history.getByText('Monthly credits (Free)').waitFor();
      await expectAccessible(page, 'billing');

      // PayPal is not configured on this platform: its buttons say so instead of failing.
      const paypal = page.getByRole('button', { name: 'PayPal: 500 credits for $40.00' });
      await expect(paypal.isDisabled()).resolves.toBe(true);
      await page.getByText('PayPal is not set up on this server.').waitFor();

      // Stripe Checkout is external: the browser goes to the (fake) hosted page.
      await page.getByRole('button', { name: 'Pay with card (Stripe): 500 credits for $40.00' }).click();
      await page.waitForURL((url) => url.href.startsWith(`${stripe.url}/c/pay/`));
      const sessionId = new URL(page.url()).pathname.split('/').pop()!;
      // What Stripe sends once the card is charged: the signed checkout.session.completed webhook.
      await stripe.completeCheckout(p.url, sessionId);
      await page.getByRole('link', { name: 'Pay' }).click();

      // Back on billing: the message, then the new balance and the purchase in plain words.
      await page.waitForURL((url) => url.pathname === '/billing');
      await heading(page, 'Billing').waitFor();
      await page.getByText(/^Payment received/).waitFor();
      await credits.getByText('600', { exact: true }).first().waitFor({ timeout: 20_000 });
      await history.getByText(/^Bought 500 credits/).waitFor({ timeout: 20_000 });
      await page.getByRole('region', { name: 'Invoices' }).getByText('$40.00').waitFor({ timeout: 20_000 });
      expect(new URL(page.url()).search).toBe('');
      await expectAccessible(page, 'billing after a purchase');

      // 320 px wide: nothing makes the page scroll sideways (the tables scroll in their own box).
      await page.setViewportSize({ width: 320, height: 800 });
      await expect(
        page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth),
      ).resolves.toBe(true);
      await expectAccessible(page, 'billing at 320 px');
    });
    expect(errors).toEqual([]);
    await close();
  }, 120_000);
});
