import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { totpCode } from '@atelier/shared/auth/totp';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../runner/src/build';
import type { TestPlatform } from '../../runner/src/test-support/platform';
import { newUser, startIdentityPlatform, TEST_PASSWORD } from '../../runner/src/test-support/users';
import {
  expectAccessible,
  launchBrowser,
  openJourney,
  signIn,
  withScreenshotOnFailure,
} from './support/browser';
import { linkFromMail } from './support/mail';

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

/** Serves a different sw.js (as a new deploy would) while `fn` runs, then puts the built one back. */
async function withChangedServiceWorker(fn: () => Promise<void>) {
  const sw = join(repoRoot, 'web', 'dist', 'sw.js');
  const [original, gz] = [readFileSync(sw), existsSync(`${sw}.gz`) ? readFileSync(`${sw}.gz`) : undefined];
  try {
    writeFileSync(sw, `${original}\n// next deploy ${Date.now()}\n`);
    rmSync(`${sw}.gz`, { force: true });
    await fn();
  } finally {
    writeFileSync(sw, original);
    if (gz) writeFileSync(`${sw}.gz`, gz);
  }
}

/** Waits until the 30-second TOTP step after `since` has begun: a code is good once per step. */
async function nextTotpStep(since: number) {
  const next = (Math.floor(since / 30_000) + 1) * 30_000;
  await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now() + 200)));
}

describe('identity journey in Chromium', () => {
  let p: TestPlatform;
  let browser: Browser;
  beforeAll(async () => {
    [p, browser] = await Promise.all([startIdentityPlatform(), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await p?.stop();
  });

  it('signs up, verifies, turns on MFA, signs in with a code, goes German and deletes the account', async () => {
    const { page, errors, close } = await openJourney(browser, p.url);
    const email = `${randomUUID()}@example.test`;
    await withScreenshotOnFailure('identity-journey', page, async () => {
      // A visitor lands on sign-in and goes to sign-up.
      await page.goto('/');
      await heading(page, 'Sign in').waitFor();
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('en-US');
      await expectAccessible(page, 'sign-in');
      await page.getByRole('link', { name: 'Create an account' }).click();
      await heading(page, 'Create your account').waitFor();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Your name').fill('Ada Lovelace');
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await expectAccessible(page, 'sign-up');
      await page.getByRole('button', { name: 'Create account' }).click();
      await heading(page, 'Check your email').waitFor();
      await expectAccessible(page, 'sign-up: check your email');

      // The emailed link confirms the address.
      await page.goto(await linkFromMail(p, email, '/verify-email'));
      await page.getByText('Your email address is confirmed.').waitFor();
      expect(page.url()).not.toContain('token='); // taken out of the address bar and history
      await expectAccessible(page, 'verify-email');

      // Sign in with the password.
      await page.getByRole('link', { name: 'Sign in' }).click();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await heading(page, 'Welcome, Ada Lovelace').waitFor();
      await expectAccessible(page, 'dashboard');

      // Two-step sign-in: QR code and key, a first code, ten recovery codes.
      await page.getByRole('navigation').getByRole('link', { name: 'Security' }).click();
      await heading(page, 'Security').waitFor();
      await expect(page.evaluate(() => document.activeElement?.tagName)).resolves.toBe('H1');
      await page.getByText('This device', { exact: true }).waitFor();
      await expectAccessible(page, 'security');
      await page.getByRole('button', { name: 'Set up two-step sign-in' }).click();
      await page.getByRole('img', { name: /QR code/ }).waitFor();
      const secret = (await page.getByTestId('mfa-secret').textContent())!.trim();
      await expectAccessible(page, 'MFA set-up');
      const confirmedAt = Date.now();
      await page.getByLabel('Code from the app').fill(totpCode(secret, confirmedAt));
      await page.getByRole('button', { name: 'Turn on' }).click();
      const codes = page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
      await codes.first().waitFor();
      const recoveryCodes = await codes.allTextContents();
      expect(recoveryCodes).toHaveLength(10);
      await expectAccessible(page, 'recovery codes');
      await page.getByRole('button', { name: 'I have saved them' }).click();
      await page.getByText('Signing in needs a code from your authenticator app.').waitFor();

      // Sign out, and in again: now with the second step.
      await page.getByRole('button', { name: 'Sign out', exact: true }).first().click();
      await heading(page, 'Sign in').waitFor();
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await heading(page, 'Two-step sign-in').waitFor();
      await expectAccessible(page, 'MFA step');
      await nextTotpStep(confirmedAt); // the set-up code's step is spent (replay guard)
      await page.getByLabel('Authentication code').fill(totpCode(secret));
      await page.getByRole('button', { name: 'Verify' }).click();
      await heading(page, 'Welcome, Ada Lovelace').waitFor();

      // A team: create it, open it, invite someone (admins need MFA, which is on now).
      await page.getByRole('navigation').getByRole('link', { name: 'Teams', exact: true }).click();
      await heading(page, 'Teams').waitFor();
      await page.getByLabel('Team name').fill('Studio A');
      await page.getByRole('button', { name: 'Create team' }).click();
      await page.getByRole('link', { name: 'Studio A' }).click();
      await heading(page, 'Studio A').waitFor();
      const invitee = await newUser(p);
      await page.getByLabel('Their email').fill(invitee.email);
      await page.getByLabel('Role', { exact: true }).selectOption('viewer');
      await page.getByRole('button', { name: 'Send invitation' }).click();
      await page.getByText('Invitation sent to', { exact: false }).waitFor();
      await expectAccessible(page, 'team');

      // The invitee follows the emailed link in their own browser and joins with an explicit click.
      const other = await openJourney(browser, p.url);
      await signIn(other.page, invitee.email, TEST_PASSWORD);
      await other.page.goto(await linkFromMail(p, invitee.email, '/teams/accept'));
      await expectAccessible(other.page, 'accept invitation');
      await other.page.getByRole('button', { name: 'Join the team' }).click();
      // Once joined the page names the team and the role, translated.
      await other.page.getByText('You have joined Studio A as Viewer.').waitFor();
      expect(other.errors).toEqual([]);
      await other.close();

      // The owner sees the new member and makes them an Editor.
      await page.reload();
      const role = page.getByLabel('Role of Test User');
      await expect(role.inputValue()).resolves.toBe('viewer');
      // Picking an option is only a draft (arrowing through a select must not save): Save sends it.
      await role.selectOption('editor');
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('/members/') && r.request().method() === 'PATCH'),
        page.getByRole('button', { name: 'Save role of Test User' }).click(),
      ]);
      await page.getByRole('status').getByText('Role changed: Test User is now Editor.').waitFor();
      await page.reload();
      await expect(page.getByLabel('Role of Test User').inputValue()).resolves.toBe('editor');
      // And removes them again: the last Owner of a team with members cannot delete the account (409).
      await page.getByRole('button', { name: 'Remove Test User' }).click();
      await page.getByLabel('Role of Test User').waitFor({ state: 'detached' });

      // Privacy: give a consent (recorded in the history), ask for an export and see it ready.
      await page.getByRole('navigation').getByRole('link', { name: 'Privacy', exact: true }).click();
      await heading(page, 'Privacy').waitFor();
      const marketing = page.getByRole('checkbox', { name: 'Marketing emails' });
      // Flips at once (optimistic), disabled until the server has recorded it.
      await Promise.all([
        page.waitForResponse((r) => r.url().includes('/v1/me/consents/') && r.ok()),
        marketing.click(),
      ]);
      await expect.poll(() => marketing.isEnabled()).toBe(true);
      await page.getByText('History of your choices').waitFor();
      expect(await marketing.isChecked()).toBe(true);
      await page.getByRole('button', { name: 'Request an export' }).click();
      await page.getByRole('link', { name: 'Download' }).waitFor({ timeout: 60_000 });
      await page.getByText('ready', { exact: false }).first().waitFor();
      await expectAccessible(page, 'privacy with an export');

      // Every other screen of this issue passes axe too.
      for (const [link, title] of [
        ['Teams', 'Teams'],
        ['Privacy', 'Privacy'],
        ['Workbenches', 'Workbenches'],
        ['Profile and preferences', 'Profile and preferences'],
      ] as const) {
        await page.getByRole('navigation').getByRole('link', { name: link, exact: true }).click();
        await heading(page, title).waitFor();
        await expectAccessible(page, title);
      }

      // German, from the profile: the whole UI and <html lang> follow.
      await page.getByLabel('Language').selectOption('de-DE');
      await page.getByRole('button', { name: 'Save preferences' }).click();
      await heading(page, 'Profil und Einstellungen').waitFor();
      await expect(page.evaluate(() => document.documentElement.lang)).resolves.toBe('de-DE');
      await page.getByRole('navigation').getByRole('link', { name: 'Übersicht' }).click();
      await heading(page, 'Willkommen, Ada Lovelace').waitFor();
      await expectAccessible(page, 'dashboard (de-DE)');

      // Delete the account: password and a second factor (a recovery code here), in a dialog.
      await page.getByRole('navigation').getByRole('link', { name: 'Datenschutz' }).click();
      await heading(page, 'Datenschutz').waitFor();
      await page.getByRole('button', { name: 'Konto löschen …' }).click();
      const dialog = page.getByRole('dialog', { name: 'Konto endgültig löschen?' });
      await dialog.waitFor();
      await expectAccessible(page, 'delete dialog');
      await dialog.getByLabel('Passwort').fill(TEST_PASSWORD);
      await dialog
        .getByLabel('Code aus der Authenticator-App oder Wiederherstellungscode')
        .fill(recoveryCodes[0]!);
      await dialog.getByRole('button', { name: 'Mein Konto löschen' }).click();
      await page.getByText('Ihr Konto wurde gelöscht.', { exact: false }).waitFor();
      await heading(page, 'Anmelden').waitFor();

      // Gone for real: the password no longer signs in.
      await page.getByLabel('E-Mail-Adresse').fill(email);
      await page.getByLabel('Passwort').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await page.getByRole('alert').getByText('Das stimmt nicht.', { exact: false }).waitFor();
    });
    expect(errors).toEqual([]);
    await close();
  }, 180_000);

  it('fits a 360 px phone, opens offline and says so, and offers a new version when one is deployed', async () => {
    const user = await newUser(p);
    const { page, errors, close } = await openJourney(browser, p.url, {
      viewport: { width: 360, height: 740 },
    });
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    await withScreenshotOnFailure('phone-and-offline', page, async () => {
      // Forgot password: the emailed link opens the reset page.
      await page.goto('/sign-in');
      await page.getByRole('link', { name: 'Forgot your password?' }).click();
      await heading(page, 'Reset your password').waitFor();
      expect(await fits()).toBe(true);
      await page.getByLabel('Email').fill(user.email);
      await page.getByRole('button', { name: 'Send reset link' }).click();
      await page.getByText('a reset link is on its way', { exact: false }).waitFor();
      await expectAccessible(page, 'forgot password');
      await page.goto(await linkFromMail(p, user.email, '/reset-password'));
      await heading(page, 'Choose a new password').waitFor();
      await expectAccessible(page, 'reset password');

      await page.goto('/sign-in');
      await heading(page, 'Sign in').waitFor();
      expect(await fits()).toBe(true);
      await page.getByLabel('Email').fill(user.email);
      await page.getByLabel('Password').fill(TEST_PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await heading(page, /^Welcome/).waitFor();
      expect(await fits()).toBe(true);
      await expectAccessible(page, 'dashboard at 360 px');
      // The menu folds away on a phone; the toggle says whether it is open.
      const menu = page.getByRole('button', { name: 'Menu' });
      expect(await menu.getAttribute('aria-expanded')).toBe('false');
      await menu.click();
      await page.getByRole('navigation').getByRole('link', { name: 'Teams' }).click();
      await heading(page, 'Teams').waitFor();
      expect(await fits()).toBe(true);

      // Once the service worker controls the page, a reload without network still opens the app.
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
      await page.context().setOffline(true);
      await page.reload();
      await page.getByText('You are offline.', { exact: false }).waitFor();
      await heading(page, 'Sign in').waitFor(); // no network, no session: sign-in, saying why
      await expectAccessible(page, 'offline');
      await page.context().setOffline(false);

      // Back online the session is still there (the refresh cookie), and the user is back on Teams.
      // A new deploy (here: a changed sw.js) then installs in the background and waits for their word.
      await page.reload();
      await heading(page, 'Teams').waitFor();
      await withChangedServiceWorker(async () => {
        await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
        await page.getByText('A new version of Atelier is available.').waitFor();
        await expectAccessible(page, 'update prompt');
        await Promise.all([
          page.waitForEvent('load'),
          page.getByRole('button', { name: 'Reload to update' }).click(),
        ]);
        await heading(page, 'Teams').waitFor();
        expect(await page.getByText('A new version of Atelier is available.').count()).toBe(0);
      });
    });
    expect(errors).toEqual([]);
    await close();
  }, 120_000);
});
