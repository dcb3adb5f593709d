import { fontTypes, imageTypes } from '@atelier/shared/files/sniff';
import { pageQuery } from '@atelier/shared/http/pagination';
import * as z from 'zod';
import { FONT_MAX_BYTES, IMAGE_MAX_BYTES } from './deps';

const fileName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f/\\]*$/, 'must not contain slashes or control characters');
const imageType = z.enum(imageTypes, 'must be image/png, image/jpeg, image/webp or image/gif');
const imageSize = z.number().int().min(1).max(IMAGE_MAX_BYTES, `must be at most ${IMAGE_MAX_BYTES} bytes`);

export const idParams = z.strictObject({ id: z.uuid('must be an id') });
export const versionParams = z.strictObject({
  id: z.uuid('must be an id'),
  version: z.coerce.number().int().min(1).max(1_000_000),
});
export const uploadParams = z.strictObject({ uploadId: z.uuid('must be an upload id') });

export const assetUploadBody = z.strictObject({
  projectId: z.uuid('must be a project id'),
  name: fileName,
  contentType: imageType,
  size: imageSize,
});
export const versionUploadBody = z.strictObject({ contentType: imageType, size: imageSize });
export const renameBody = z.strictObject({ name: fileName });
export const listAssetsQuery = z.strictObject({
  projectId: z.uuid('must be a project id'),
  q: z.string().trim().max(100).optional(),
  ...pageQuery,
});
export const versionsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** The version to continue below (the `nextCursor` of the previous page). */
  cursor: z.coerce.number().int().min(1).optional(),
});
export const downloadQuery = z.strictObject({ version: z.coerce.number().int().min(1).optional() });

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
