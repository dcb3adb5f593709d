import { parseJson, parseParams, parseQuery } from '@atelier/shared/http/validate';
import { Hono } from 'hono';
import type { GenerationsDeps } from './deps';
import {
  cancel,
  createGeneration,
  getGeneration,
  listGenerations,
  quote,
  regenerate,
  select,
} from './generations.service';
import { createBody, idParams, listQuery, quoteQuery, selectBody } from './schemas';

/** The studio's API (docs/generation.md). Every route sits behind requireAuth (app.ts). */
export function generationRoutes(deps: GenerationsDeps) {
  return new Hono()
    .post('/v1/generations', async (c) => {
      const accepted = await createGeneration(deps, c.get('auth'), await parseJson(c, createBody));
      c.header('location', accepted.statusUrl);
      return c.json(accepted, 202);
    })
    .get('/v1/generations', async (c) =>
      c.json(await listGenerations(deps, c.get('auth'), parseQuery(c, listQuery))),
    )
    .get('/v1/generations/quote', async (c) =>
      c.json(await quote(deps, c.get('auth'), parseQuery(c, quoteQuery).projectId)),
    )
    .get('/v1/generations/:id', async (c) =>
      c.json(await getGeneration(deps, c.get('auth'), parseParams(c, idParams).id)),
    )
    .post('/v1/generations/:id/regenerate', async (c) =>
      c.json(await regenerate(deps, c.get('auth'), parseParams(c, idParams).id), 202),
    )
    .post('/v1/generations/:id/select', async (c) => {
      const { id } = parseParams(c, idParams);
      return c.json(await select(deps, c.get('auth'), id, await parseJson(c, selectBody)), 202);
    })
    .post('/v1/generations/:id/cancel', async (c) =>
      c.json(await cancel(deps, c.get('auth'), parseParams(c, idParams).id)),
    );
}
