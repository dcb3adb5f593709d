import { parseJson, parseParams, parseQuery } from '@atelier/shared/http/validate';
import { Hono } from 'hono';
import type { WorkbenchesDeps } from '../deps';
import { createProject, listProjects } from '../projects.service';
import {
  createProjectBody,
  createWorkbenchBody,
  idParams,
  listProjectsQuery,
  listWorkbenchesQuery,
  updateWorkbenchBody,
} from '../schemas';
import {
  createWorkbench,
  deleteWorkbench,
  getWorkbench,
  listWorkbenches,
  setWorkbenchArchived,
  updateWorkbench,
} from '../workbenches.service';

/** Every route here sits behind requireAuth (see app.ts). */
export function workbenchRoutes(deps: WorkbenchesDeps) {
  const id = (c: Parameters<typeof parseParams>[0]) => parseParams(c, idParams).id;
  return new Hono()
    .post('/v1/workbenches', async (c) =>
      c.json(await createWorkbench(deps, c.get('auth'), await parseJson(c, createWorkbenchBody)), 201),
    )
    .get('/v1/workbenches', async (c) =>
      c.json(await listWorkbenches(deps, c.get('auth'), parseQuery(c, listWorkbenchesQuery))),
    )
    .get('/v1/workbenches/:id', async (c) => c.json(await getWorkbench(deps, c.get('auth'), id(c))))
    .patch('/v1/workbenches/:id', async (c) =>
      c.json(await updateWorkbench(deps, c.get('auth'), id(c), await parseJson(c, updateWorkbenchBody))),
    )
    .post('/v1/workbenches/:id/archive', async (c) =>
      c.json(await setWorkbenchArchived(deps, c.get('auth'), id(c), true)),
    )
    .post('/v1/workbenches/:id/restore', async (c) =>
      c.json(await setWorkbenchArchived(deps, c.get('auth'), id(c), false)),
    )
    .delete('/v1/workbenches/:id', async (c) => {
      await deleteWorkbench(deps, c.get('auth'), id(c));
      return c.body(null, 204);
    })
    .post('/v1/workbenches/:id/projects', async (c) => {
      const workbenchId = id(c);
      return c.json(
        await createProject(deps, c.get('auth'), workbenchId, await parseJson(c, createProjectBody)),
        201,
      );
    })
    .get('/v1/workbenches/:id/projects', async (c) => {
      const workbenchId = id(c);
      return c.json(await listProjects(deps, c.get('auth'), workbenchId, parseQuery(c, listProjectsQuery)));
    });
}
