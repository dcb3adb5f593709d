import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  email: string;
  email_verified: boolean;
  name?: string;
}

/** A free TCP port on 127.0.0.1 (the platform's gateway must know its public URL before it starts). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * A real OpenID Connect provider (panva's oidc-provider, the certified implementation) on 127.0.0.1,
 * with one confidential client whose redirect URI is the platform's callback. Its development login
 * form accepts any account id, which the test then signs in as.
 */
export async function startOidcProvider(redirectUri: string) {
  const accounts = new Map<string, TestAccount>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = { clientId: 'atelier-test', clientSecret: randomBytes(24).toString('base64url') };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    pkce: { required: () => true },
    ttl: {
      Grant: 600,
      AccessToken: 600,
      IdToken: 600,
      Interaction: 600,
      Session: 600,
      AuthorizationCode: 60,
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    findAccount: (_ctx, sub) => {
      const account = accounts.get(sub);
      return account ? { accountId: sub, claims: () => ({ sub, ...account }) } : undefined;
    },
  });
  server.on('request', provider.callback());
  return {
    issuer,
    ...client,
    accounts,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A browser's part of the redirect dance: follows redirects, carries cookies (one jar, as a browser
 * keeps them per host), and submits the provider's login and consent forms as `accountId`. Stops at
 * the first page that is not the provider's or the platform's API: the web app's landing page.
 */
export async function browse(
  startUrl: string,
  accountId: string,
  jar = new Map<string, string>(),
  stopAt?: string,
) {
  let url = startUrl;
  let init: RequestInit = {};
  for (let hop = 0; hop < 20; hop++) {
    const res = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: cookieHeader(jar) },
    });
    for (const line of res.headers.getSetCookie()) keep(jar, line);
    const location = res.headers.get('location');
    if (location) {
      url = new URL(location, url).href;
      init = {};
      const { pathname } = new URL(url);
      if (pathname === '/signed-in' || pathname === '/sign-in' || pathname === stopAt) {
        return { landing: new URL(url), jar };
      }
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([a-z]+)"/.exec(html)?.[1];
    if (res.status !== 200 || !action || !prompt)
      throw new Error(`stuck at ${url}: ${res.status} ${html.slice(0, 300)}`);
    url = new URL(action, url).href;
    init = {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt, login: accountId, password: 'any' }).toString(),
    };
  }
  throw new Error('too many redirects');
}

function keep(jar: Map<string, string>, setCookie: string) {
  const [pair] = setCookie.split(';');
  const eq = pair!.indexOf('=');
  const name = pair!.slice(0, eq).trim();
  const value = pair!.slice(eq + 1).trim();
  if (value === '' || /max-age=0|expires=thu, 01 jan 1970/i.test(setCookie)) jar.delete(name);
  else jar.set(name, value);
}

export const cookieHeader = (jar: Map<string, string>) =>
  [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
