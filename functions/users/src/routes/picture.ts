import { parseJson } from '@atelier/shared/http/validate';
import { Hono } from 'hono';
import {
  completePictureUpload,
  deletePicture,
  type PictureDeps,
  startPictureUpload,
} from '../picture.service';
import { pictureCompleteBody, pictureUploadBody } from '../schemas';

/**
 * The profile picture: the browser asks for an upload link, PUTs the file straight to storage (never
 * through a function's small body limit), then asks to complete it.
 */
export function pictureRoutes(deps: PictureDeps) {
  return new Hono()
    .post('/v1/me/picture/upload', async (c) =>
      c.json(await startPictureUpload(deps, c.get('auth'), await parseJson(c, pictureUploadBody))),
    )
    .post('/v1/me/picture/complete', async (c) => {
      const { key } = await parseJson(c, pictureCompleteBody);
      return c.json(await completePictureUpload(deps, c.get('auth'), key));
    })
    .delete('/v1/me/picture', async (c) => {
      await deletePicture(deps, c.get('auth'));
      return c.body(null, 204);
    });
}
