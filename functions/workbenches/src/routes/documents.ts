import { parseJson, parseParams, parseQuery } from '@atelier/shared/http/validate';
import { Hono } from 'hono';
import type { WorkbenchesDeps } from '../deps';
import { getDocument, getVersion, listVersions, restoreVersion, saveDocument } from '../documents.service';
import { idParams, restoreBody, revisionParams, saveDocumentBody, versionsQuery } from '../schemas';

/** A project's design document: read, save with its revision (409 when stale), history and restore. */
export function documentRoutes(deps: WorkbenchesDeps) {
  const id = (c: Parameters<typeof parseParams>[0]) => parseParams(c, idParams).id;
  return new Hono()
    .get('/v1/projects/:id/document', async (c) => c.json(await getDocument(deps, c.get('auth'), id(c))))
    .put('/v1/projects/:id/document', async (c) => {
      const projectId = id(c);
      return c.json(await saveDocument(deps, c.get('auth'), projectId, await parseJson(c, saveDocumentBody)));
    })
    .get('/v1/projects/:id/document/versions', async (c) => {
      const projectId = id(c);
      return c.json(await listVersions(deps, c.get('auth'), projectId, parseQuery(c, versionsQuery)));
    })
    .get('/v1/projects/:id/document/versions/:revision', async (c) => {
      const { id: projectId, revision } = parseParams(c, revisionParams);
      return c.json(await getVersion(deps, c.get('auth'), projectId, revision));
    })
    .post('/v1/projects/:id/document/versions/:revision/restore', async (c) => {
      const { id: projectId, revision } = parseParams(c, revisionParams);
      const { revision: basedOn } = await parseJson(c, restoreBody);
      return c.json(await restoreVersion(deps, c.get('auth'), projectId, revision, basedOn));
    });
}
