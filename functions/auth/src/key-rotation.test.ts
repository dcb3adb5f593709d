import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repoRoot } from '../../../runner/src/build';
import { eventually, type TestPlatform } from '../../../runner/src/test-support/platform';
import { newUser, request, startIdentityPlatform } from '../../../runner/src/test-support/users';

let p: TestPlatform;
beforeAll(async () => {
  p = await startIdentityPlatform();
}, 120_000);
afterAll(async () => p?.stop());

const jwksKids = async () =>
  (
    (await (await fetch(`${p.url}/.well-known/jwks.json`)).json()) as { keys: Array<{ kid: string }> }
  ).keys.map((k) => k.kid);

it('keys rotate: auth signs with the new key, publishes both and still accepts tokens of the old one', async () => {
  const user = await newUser(p);
  const oldKid = decodeProtectedHeader(user.accessToken).kid!;
  expect(await jwksKids()).toEqual([oldKid]);

  await promisify(execFile)(
    'node',
    ['--import', 'tsx', 'runner/src/cli/atelier.ts', 'keys', 'rotate', '--url', p.url],
    {
      cwd: repoRoot,
      env: p.env,
    },
  );
  const kids = await eventually(async () => {
    const now = await jwksKids().catch(() => []);
    return now.length === 2 && now;
  }, 60_000);
  expect(kids[1]).toBe(oldKid);

  // auth's own signed-in routes and every other function take the old token until it expires.
  expect((await request(p, user, 'GET', '/v1/auth/sessions')).status).toBe(200);
  expect((await request(p, user, 'GET', '/v1/me')).status).toBe(200);
  const login = await request(p, undefined, 'POST', '/v1/auth/login', {
    email: user.email,
    password: 'Correct-horse-9',
  });
  expect(decodeProtectedHeader(login.body.accessToken as string).kid).toBe(kids[0]);
}, 120_000);
