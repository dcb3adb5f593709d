import { parseJson, parseParams, parseQuery } from '@atelier/shared/http/validate';
import { Hono } from 'hono';
import {
  completeAssetUpload,
  listVersions,
  restoreVersion,
  startAssetUpload,
  startVersionUpload,
} from '../asset-versions.service';
import { deleteAsset, downloadAsset, getAsset, listAssets, renameAsset } from '../assets.service';
import type { AssetsDeps } from '../deps';
import {
  assetUploadBody,
  downloadQuery,
  idParams,
  listAssetsQuery,
  renameBody,
  uploadParams,
  versionParams,
  versionsQuery,
  versionUploadBody,
} from '../schemas';

/**
 * Assets of projects. Files never pass through here: the browser PUTs them straight to storage with a
 * presigned link, then asks to complete the upload. Every route sits behind requireAuth (app.ts).
 */
export function assetRoutes(deps: AssetsDeps) {
  return new Hono()
    .get('/v1/assets', async (c) =>
      c.json(await listAssets(deps, c.get('auth'), parseQuery(c, listAssetsQuery))),
    )
    .post('/v1/assets/uploads', async (c) =>
      c.json(await startAssetUpload(deps, c.get('auth'), await parseJson(c, assetUploadBody)), 201),
    )
    .post('/v1/assets/uploads/:uploadId/complete', async (c) =>
      c.json(await completeAssetUpload(deps, c.get('auth'), parseParams(c, uploadParams).uploadId), 201),
    )
    .get('/v1/assets/:id', async (c) =>
      c.json(await getAsset(deps, c.get('auth'), parseParams(c, idParams).id)),
    )
    .patch('/v1/assets/:id', async (c) => {
      const { id } = parseParams(c, idParams);
      return c.json(await renameAsset(deps, c.get('auth'), id, (await parseJson(c, renameBody)).name));
    })
    .delete('/v1/assets/:id', async (c) => {
      await deleteAsset(deps, c.get('auth'), parseParams(c, idParams).id);
      return c.body(null, 204);
    })
    .get('/v1/assets/:id/download', async (c) => {
      const { id } = parseParams(c, idParams);
      return c.json(await downloadAsset(deps, c.get('auth'), id, parseQuery(c, downloadQuery).version));
    })
    .get('/v1/assets/:id/versions', async (c) => {
      const { id } = parseParams(c, idParams);
      return c.json(await listVersions(deps, c.get('auth'), id, parseQuery(c, versionsQuery)));
    })
    .post('/v1/assets/:id/versions/uploads', async (c) => {
      const { id } = parseParams(c, idParams);
      return c.json(
        await startVersionUpload(deps, c.get('auth'), id, await parseJson(c, versionUploadBody)),
        201,
      );
    })
    .post('/v1/assets/:id/versions/:version/restore', async (c) => {
      const { id, version } = parseParams(c, versionParams);
      return c.json(await restoreVersion(deps, c.get('auth'), id, version), 201);
    });
}
