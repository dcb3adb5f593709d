import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { apiScopes } from '@atelier/shared/db/schema';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribe } from '../../../runner/src/test-support/creative';
import { withoutAiProviders } from '../../../runner/src/test-support/generation';
import { startTestPlatform, type TestPlatform } from '../../../runner/src/test-support/platform';
import { newUser, request } from '../../../runner/src/test-support/users';
import type { Generation } from './contract/arbitraries';
import { type Answer, ApiDocument, type Operation } from './contract/document';
import { type Caller, doomed, makeWorld, type World } from './contract/fixtures';
import { generation, type Input, invalidInput, validInput } from './contract/inputs';

/**
 * The contract test of the public API (issue: "runs every operation in the OpenAPI document with
 * generated valid and invalid inputs"): every operation of the document the platform serves, with
 * inputs generated from the document's own schemas by fast-check, against the running platform.
 * Valid inputs get a documented answer that matches its schema (never a 5xx); invalid ones a
 * documented 4xx in the error format. Once as a signed-in person, once with an all-scopes API key.
 */

const RUNS = { valid: 15, invalid: 15 };

describe('the public API keeps its OpenAPI contract', () => {
  let p: TestPlatform;
  let doc: ApiDocument;
  let receiver: Server;
  const callers: Record<string, Caller> = {};
  const worlds: Record<string, { world: World; g: Generation }> = {};
  /** Operations that answered a 2xx in the current test. */
  const succeeded = new Set<string>();

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      req.resume();
      res.writeHead(204).end();
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const port = (receiver.address() as AddressInfo).port;
    p = await startTestPlatform({
      ...withoutAiProviders(),
      // Webhooks may go to the test's receiver only (the SSRF rules have tests of their own).
      WEBHOOK_ALLOW_HTTP: 'true',
      WEBHOOK_ALLOW_TARGETS: `127.0.0.1:${port}`,
      WEBHOOK_MAX_ENDPOINTS: '1000',
      RATE_LIMIT_NAMESPACE: `rl-${randomUUID()}`,
      // The limits have tests of their own: here they would only turn answers into 429s.
      GENERATIONS_PER_USER_PER_MINUTE: '100000',
      API_RATE_LIMIT_PER_MINUTE: '100000',
    });
    const user = await newUser(p);
    await subscribe(p, { userId: user.userId }, 'pro');
    callers['access token'] = user;
    const key = await request(p, user, 'POST', '/v1/developer/keys', { name: 'Contract', scopes: apiScopes });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    callers['API key'] = { accessToken: key.body.secret as string };
    doc = new ApiDocument(
      (await (await fetch(`${p.url}/v1/openapi.json`)).json()) as Record<string, unknown>,
    );
    for (const [mode, caller] of Object.entries(callers)) {
      const world = await makeWorld(p, caller, user, `http://127.0.0.1:${port}/hook`);
      worlds[mode] = { world, g: generation(world, doc.resolve, doc.accepts) };
    }
  }, 180_000);
  afterAll(async () => {
    await p?.stop();
    receiver?.close();
  });

  async function send(caller: Caller, op: Operation, input: Input): Promise<Answer> {
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(input.path[name]!));
    const query = new URLSearchParams(input.query).toString();
    const headers: Record<string, string> = {};
    if (input.auth !== 'none')
      headers.authorization = `Bearer ${input.auth === 'bogus' ? 'atl_live_AAAAAAAAAAAAAAAA_bogus' : caller.accessToken}`;
    if (input.body) headers['content-type'] = 'application/json';
    const res = await fetch(`${p.url}${path}${query ? `?${query}` : ''}`, {
      method: op.method,
      headers,
      body: input.body ? (input.body.raw ?? JSON.stringify(input.body.json)) : undefined,
    });
    return { status: res.status, headers: res.headers, text: await res.text() };
  }

  /** Aims a valid save or restore at the document's current revision half of the time (else a 409). */
  async function aimRevision(caller: Caller, op: Operation, input: Input) {
    const body = input.body?.json as { revision?: number } | undefined;
    if (!input.current || input.broken || !body?.revision) return;
    if (!op.path.startsWith('/v1/projects/{id}/document')) return;
    const res = await request(p, caller, 'GET', `/v1/projects/${input.path.id}/document`);
    if (res.status === 200) body.revision = res.body.revision as number;
  }

  /** Later in a run: what ends a resource's state (so that what needs it runs first). */
  const lateness = (op: Operation) =>
    op.method === 'DELETE' ? 2 : /\/(cancel|regenerate)$/.test(op.path) ? 1 : 0;

  /** Runs `property` for every operation; answers the failures (one line each) instead of stopping. */
  async function everyOperation(
    mode: string,
    numRuns: number,
    arbitrary: (op: Operation, g: Generation) => fc.Arbitrary<Input>,
    check: (op: Operation, input: Input, answer: Answer) => string[],
  ) {
    const caller = callers[mode]!;
    const { world, g } = worlds[mode]!;
    const failures: string[] = [];
    succeeded.clear();
    const ops = [...doc.operations].sort((a, b) => lateness(a) - lateness(b));
    for (const op of ops) {
      const property = fc.asyncProperty(arbitrary(op, g), async (generated) => {
        // Changed below (own ids, the current revision): fast-check keeps the generated one.
        const input = structuredClone(generated);
        await aimRevision(caller, op, input);
        // Deleting operations get resources of their own: the world's stay for the others.
        if (op.method === 'DELETE' && !input.broken && Object.values(world).includes(input.path.id)) {
          const own = await doomed(p, caller, world, op.path);
          if (own) input.path.id = own;
        }
        const answer = await send(caller, op, input);
        if (answer.status < 300) succeeded.add(op.id);
        const problems = check(op, input, answer);
        if (problems.length) throw new Error(problems.join('; '));
      });
      const result = await fc.check(property, { numRuns, interruptAfterTimeLimit: 30_000 });
      if (result.failed) {
        const input = JSON.stringify(result.counterexample?.[0]).slice(0, 300);
        failures.push(
          `${op.method} ${op.path}: ${String(result.errorInstance).slice(0, 500)} — input ${input}`,
        );
      }
    }
    return failures;
  }

  for (const mode of ['access token', 'API key']) {
    it(`answers valid inputs as documented, never with a 5xx (${mode})`, async () => {
      const failures = await everyOperation(mode, RUNS.valid, validInput, (op, _input, answer) => {
        const problems = doc.problems(op, answer);
        if (answer.status >= 500)
          problems.unshift(`a server error ${answer.status}: ${answer.text.slice(0, 200)}`);
        if (mode === 'API key' && !answer.headers.get('ratelimit')) problems.push('no RateLimit header');
        if (mode === 'API key' && !answer.headers.get('ratelimit-policy'))
          problems.push('no RateLimit-Policy header');
        if (answer.status === 429 && !answer.headers.get('retry-after'))
          problems.push('429 without Retry-After');
        if (answer.status === 202 && op.path === '/v1/generations' && !answer.headers.get('location'))
          problems.push('202 without Location');
        return problems;
      });
      expect(failures).toEqual([]);
      // Valid inputs aim at real resources: most operations must have succeeded (not only 404s).
      expect(succeeded.size, [...succeeded].join(', ')).toBeGreaterThan(doc.operations.length * 0.75);
    }, 300_000);

    it(`refuses invalid inputs with a documented 4xx in the error format (${mode})`, async () => {
      const failures = await everyOperation(mode, RUNS.invalid, invalidInput, (op, input, answer) => {
        const problems = doc.problems(op, answer);
        if (answer.status < 400 || answer.status >= 500)
          problems.unshift(
            `${input.broken} answered ${answer.status}, not a 4xx: ${answer.text.slice(0, 200)}`,
          );
        if ((input.auth === 'none' || input.auth === 'bogus') && answer.status !== 401)
          problems.push(`${input.broken} answered ${answer.status}, not 401`);
        return problems;
      });
      expect(failures).toEqual([]);
    }, 300_000);
  }
});
