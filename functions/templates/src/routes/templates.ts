import { parseJson, parseParams, parseQuery } from '@atelier/shared/http/validate';
import { Hono } from 'hono';
import type { TemplatesDeps } from '../deps';
import { idParams, listQuery, saveBody } from '../schemas';
import {
  deleteTemplate,
  getTemplate,
  listCategories,
  listTemplates,
  saveTemplate,
} from '../templates.service';

/** Every route here sits behind requireAuth (see app.ts). */
export function templateRoutes(deps: TemplatesDeps) {
  return new Hono()
    .get('/v1/templates', async (c) =>
      c.json(await listTemplates(deps, c.get('auth'), parseQuery(c, listQuery))),
    )
    .get('/v1/templates/categories', async (c) => c.json(await listCategories(deps, c.get('auth'))))
    .get('/v1/templates/:id', async (c) =>
      c.json(await getTemplate(deps, c.get('auth'), parseParams(c, idParams).id)),
    )
    .post('/v1/templates', async (c) =>
      c.json(await saveTemplate(deps, c.get('auth'), await parseJson(c, saveBody)), 201),
    )
    .delete('/v1/templates/:id', async (c) => {
      await deleteTemplate(deps, c.get('auth'), parseParams(c, idParams).id);
      return c.body(null, 204);
    });
}
