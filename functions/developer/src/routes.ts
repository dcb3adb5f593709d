import { parseJson, parseParams, parseQuery } from '@atelier/shared/http/validate';
import { Hono } from 'hono';
import type { DeveloperDeps } from './deps';
import { createKey, listKeys, revokeKey } from './keys.service';
import { createKeyBody, keyParams, usageQuery } from './schemas';
import { usageOf } from './usage.service';

/** The developer portal's API (docs/api.md). Signed-in people only: an API key cannot mint keys. */
export function developerRoutes(deps: DeveloperDeps) {
  return new Hono()
    .get('/v1/developer/keys', async (c) => c.json(await listKeys(deps, c.get('auth'))))
    .post('/v1/developer/keys', async (c) =>
      c.json(await createKey(deps, c.get('auth'), await parseJson(c, createKeyBody)), 201),
    )
    .delete('/v1/developer/keys/:id', async (c) =>
      c.json(await revokeKey(deps, c.get('auth'), parseParams(c, keyParams).id)),
    )
    .get('/v1/developer/usage', async (c) =>
      c.json(await usageOf(deps, c.get('auth'), parseQuery(c, usageQuery))),
    );
}
