import { parseJson, parseParams, parseQuery } from '@atelier/shared/http/validate';
import { Hono } from 'hono';
import type { WorkbenchesDeps } from '../deps';
import {
  deleteProject,
  getProject,
  listAllProjects,
  setProjectArchived,
  updateProject,
} from '../projects.service';
import { idParams, listAllProjectsQuery, updateProjectBody } from '../schemas';

/** Every route here sits behind requireAuth (see app.ts). */
export function projectRoutes(deps: WorkbenchesDeps) {
  const id = (c: Parameters<typeof parseParams>[0]) => parseParams(c, idParams).id;
  return new Hono()
    .get('/v1/projects', async (c) =>
      c.json(await listAllProjects(deps, c.get('auth'), parseQuery(c, listAllProjectsQuery))),
    )
    .get('/v1/projects/:id', async (c) => c.json(await getProject(deps, c.get('auth'), id(c))))
    .patch('/v1/projects/:id', async (c) =>
      c.json(await updateProject(deps, c.get('auth'), id(c), await parseJson(c, updateProjectBody))),
    )
    .post('/v1/projects/:id/archive', async (c) =>
      c.json(await setProjectArchived(deps, c.get('auth'), id(c), true)),
    )
    .post('/v1/projects/:id/restore', async (c) =>
      c.json(await setProjectArchived(deps, c.get('auth'), id(c), false)),
    )
    .delete('/v1/projects/:id', async (c) => {
      await deleteProject(deps, c.get('auth'), id(c));
      return c.body(null, 204);
    });
}
