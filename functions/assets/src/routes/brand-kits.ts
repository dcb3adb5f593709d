import { parseJson, parseParams, parseQuery } from '@atelier/shared/http/validate';
import { Hono } from 'hono';
import { completeKitFileUpload, deleteKitFile, startKitFileUpload } from '../brand-kit-files.service';
import { createKit, deleteKit, getKit, listKits, updateKit } from '../brand-kits.service';
import type { AssetsDeps } from '../deps';
import {
  createKitBody,
  idParams,
  kitFileCompleteBody,
  kitFileParams,
  kitFileUploadBody,
  listKitsQuery,
  updateKitBody,
} from '../schemas';

/** Brand kits (Pro and above): colours, tone, logos and fonts. Behind requireAuth (app.ts). */
export function brandKitRoutes(deps: AssetsDeps) {
  return new Hono()
    .post('/v1/brand-kits', async (c) =>
      c.json(await createKit(deps, c.get('auth'), await parseJson(c, createKitBody)), 201),
    )
    .get('/v1/brand-kits', async (c) =>
      c.json(await listKits(deps, c.get('auth'), parseQuery(c, listKitsQuery))),
    )
    .get('/v1/brand-kits/:id', async (c) =>
      c.json(await getKit(deps, c.get('auth'), parseParams(c, idParams).id)),
    )
    .patch('/v1/brand-kits/:id', async (c) => {
      const { id } = parseParams(c, idParams);
      return c.json(await updateKit(deps, c.get('auth'), id, await parseJson(c, updateKitBody)));
    })
    .delete('/v1/brand-kits/:id', async (c) => {
      await deleteKit(deps, c.get('auth'), parseParams(c, idParams).id);
      return c.body(null, 204);
    })
    .post('/v1/brand-kits/:id/files/uploads', async (c) => {
      const { id } = parseParams(c, idParams);
      return c.json(
        await startKitFileUpload(deps, c.get('auth'), id, await parseJson(c, kitFileUploadBody)),
        201,
      );
    })
    .post('/v1/brand-kits/:id/files/complete', async (c) => {
      const { id } = parseParams(c, idParams);
      const { uploadId } = await parseJson(c, kitFileCompleteBody);
      return c.json(await completeKitFileUpload(deps, c.get('auth'), id, uploadId), 201);
    })
    .delete('/v1/brand-kits/:id/files/:fileId', async (c) => {
      const { id, fileId } = parseParams(c, kitFileParams);
      await deleteKitFile(deps, c.get('auth'), id, fileId);
      return c.body(null, 204);
    });
}
