import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { initI18n } from '../../lib/i18n';
import { useSession } from './auth.store';
import { SignInPage } from './sign-in-page';

const user = { id: 'u1', email: 'ada@example.com', emailVerified: true };
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status });

function renderAt(path: string) {
  const router = createMemoryRouter([{ path: '/sign-in', Component: SignInPage }], {
    initialEntries: [path],
  });
  return render(<RouterProvider router={router} />);
}

describe('sign-in page', () => {
  beforeAll(async () => {
    await initI18n('en-US');
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    useSession.getState().clear();
  });

  it('asks for the authenticator code when MFA is on, then opens the session', async () => {
    const calls: Array<{ path: string; body: unknown }> = [];
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string, init: RequestInit) => {
        const path = new URL(url, 'http://x').pathname;
        calls.push({ path, body: init.body ? JSON.parse(String(init.body)) : undefined });
        if (path === '/v1/auth/oidc/config') return json(200, { enabled: true, name: 'Acme SSO' });
        if (path === '/v1/auth/login')
          return json(200, { mfaRequired: true, challengeToken: 'c'.repeat(43) });
        if (path === '/v1/auth/mfa/verify')
          return json(200, { accessToken: 'a', accessTokenExpiresAt: '', sessionId: 's', user });
        return json(404, { error: { code: 'not_found' } });
      }),
    );
    renderAt('/sign-in?returnTo=/teams');
    const u = userEvent.setup();
    // The external provider is offered when one is configured, and comes back to the same place.
    const external = await screen.findByRole('link', { name: 'Sign in with Acme SSO' });
    expect(external.getAttribute('href')).toBe('/v1/auth/oidc/start?returnTo=%2Fteams');

    await u.type(screen.getByLabelText('Email'), 'ada@example.com');
    await u.type(screen.getByLabelText('Password'), 'Correct-horse-9');
    await u.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { name: 'Two-step sign-in' })).toBeTruthy();

    await u.type(screen.getByLabelText('Authentication code'), '123456');
    await u.click(screen.getByRole('button', { name: 'Verify' }));
    await waitFor(() => expect(useSession.getState().status).toBe('signedIn'));
    expect(calls.find((c) => c.path === '/v1/auth/mfa/verify')?.body).toEqual({
      challengeToken: 'c'.repeat(43),
      code: '123456',
    });
  });

  it('shows the translated message for a wrong password, tied to the form', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async (url: string) =>
        new URL(url, 'http://x').pathname === '/v1/auth/login'
          ? json(401, { error: { code: 'invalid_credentials', message: 'The email or password is wrong' } })
          : json(200, { enabled: false }),
      ),
    );
    renderAt('/sign-in');
    const u = userEvent.setup();
    await u.type(screen.getByLabelText('Email'), 'ada@example.com');
    await u.type(screen.getByLabelText('Password'), 'nope');
    await u.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That did not match. Check it and try again.',
    );
    expect(screen.queryByRole('link', { name: /Sign in with/ })).toBeNull();
  });
});
