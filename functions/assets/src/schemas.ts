import { fileName, imageSize, imageType } from '@atelier/shared/api/assets';
import { fontTypes } from '@atelier/shared/files/sniff';
import { pageQuery } from '@atelier/shared/http/pagination';
import * as z from 'zod';
import { FONT_MAX_BYTES } from './deps';

export {
  assetUploadBody,
  assetVersionsQuery as versionsQuery,
  downloadQuery,
  listAssetsQuery,
  renameBody,
  uploadParams,
  versionParams,
  versionUploadBody,
} from '@atelier/shared/api/assets';
/**
 * The assets API's request schemas are part of the public API's contract (shared/src/api), from which
 * its OpenAPI document is generated; brand kits (not public) keep theirs here.
 */
export { idParams } from '@atelier/shared/api/common';

const colour = z.strictObject({
  name: z.string().trim().min(1).max(50),
  hex: z.string().regex(/^#[0-9A-Fa-f]{6}$/, 'must be a #RRGGBB colour'),
});
const kitFields = {
  name: z.string().trim().min(1).max(100),
  colours: z.array(colour).max(32),
  tone: z.string().trim().max(500),
  isDefault: z.boolean(),
};
export const createKitBody = z.strictObject({
  ...kitFields,
  colours: kitFields.colours.default([]),
  tone: kitFields.tone.default(''),
  isDefault: kitFields.isDefault.default(false),
  /** Omitted: the kit is the caller's own; given: the team's (Editor and up). */
  teamId: z.uuid('must be a team id').optional(),
});
export const updateKitBody = z
  .strictObject({
    name: kitFields.name.optional(),
    colours: kitFields.colours.optional(),
    tone: kitFields.tone.optional(),
    isDefault: kitFields.isDefault.optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'send at least one field');
export const listKitsQuery = z.strictObject({ teamId: z.uuid('must be a team id').optional(), ...pageQuery });

export const kitFileUploadBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('logo'), name: fileName, contentType: imageType, size: imageSize }),
  z.strictObject({
    kind: z.literal('font'),
    name: fileName,
    contentType: z.enum(fontTypes, 'must be font/woff2, font/woff, font/ttf or font/otf'),
    size: z.number().int().min(1).max(FONT_MAX_BYTES, `must be at most ${FONT_MAX_BYTES} bytes`),
  }),
]);
export const kitFileCompleteBody = z.strictObject({ uploadId: z.uuid('must be an upload id') });
export const kitFileParams = z.strictObject({
  id: z.uuid('must be an id'),
  fileId: z.uuid('must be a file id'),
});
