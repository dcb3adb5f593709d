import * as z from 'zod';
import { imageTypes } from '../files/sniff';
import { pageQuery } from '../http/pagination';
import { type ApiOperation, INT4_MAX, idParams, pageOf, timestamp, uuid } from './common';

// --- Requests (the assets function validates with these) ----------------------------------------

const MiB = 1024 * 1024;
/** PRODUCT.md §3 and the creative issue: images ≤ 25 MB. */
export const IMAGE_MAX_BYTES = 25 * MiB;

export const fileName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  .regex(/^[^\u0000-\u001f\u007f/\\]*$/, 'must not contain slashes or control characters');
export const imageType = z.enum(imageTypes, 'must be image/png, image/jpeg, image/webp or image/gif');
export const imageSize = z
  .number()
  .int()
  .min(1)
  .max(IMAGE_MAX_BYTES, `must be at most ${IMAGE_MAX_BYTES} bytes`)
  .describe('The exact size in bytes of the file you will upload');

export const versionParams = z.strictObject({
  id: uuid('an id'),
  version: z.coerce.number().int().min(1).max(1_000_000),
});
export const uploadParams = z.strictObject({ uploadId: uuid('an upload id') });

export const assetUploadBody = z.strictObject({
  projectId: uuid('a project id'),
  name: fileName,
  contentType: imageType,
  size: imageSize,
});
export const versionUploadBody = z.strictObject({ contentType: imageType, size: imageSize });
export const renameBody = z.strictObject({ name: fileName });
export const listAssetsQuery = z.strictObject({
  projectId: uuid('a project id'),
  q: z.string().trim().max(100).optional().describe('Part of the name, case-insensitive'),
  ...pageQuery,
});
export const assetVersionsQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.coerce
    .number()
    .int()
    .min(1)
    .max(INT4_MAX)
    .optional()
    .describe('The version to list below (`nextCursor`)'),
});
export const downloadQuery = z.strictObject({
  version: z.coerce
    .number()
    .int()
    .min(1)
    .max(INT4_MAX)
    .optional()
    .describe('Defaults to the current version'),
});

// --- Responses (assets/src/present.ts and the services) ------------------------------------------

export const assetVersionView = z.object({
  version: z.number().int(),
  contentType: z.string(),
  size: z.number().int(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  source: z.enum(['upload', 'generation', 'restore', 'edit']),
  createdBy: z.uuid().nullable(),
  createdAt: timestamp,
  thumbnailUrl: z.string().nullable().describe('A short-lived link, once the thumbnail is made'),
});

export const assetView = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  kind: z.enum(['upload', 'generated', 'derived']),
  name: z.string(),
  currentVersion: z.number().int(),
  createdBy: z.uuid().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  current: assetVersionView.nullable(),
});

export const uploadLink = z.object({
  uploadId: z.uuid().describe('Complete the upload with it once the file is sent'),
  url: z.string().describe('PUT the file here, with `headers`, before `expiresAt`'),
  method: z.literal('PUT'),
  headers: z.record(z.string(), z.string()),
  maxBytes: z.number().int(),
  expiresAt: timestamp,
});

export const downloadLink = z.object({
  version: z.number().int(),
  url: z.string().describe('A short-lived link that downloads the file under its name'),
  expiresAt: timestamp,
});

export const assetPage = pageOf(assetView);
export const assetVersionPage = z.object({
  items: z.array(assetVersionView),
  nextCursor: z.string().nullable().describe('The `cursor` of the next page; null on the last page'),
});

export const assetSchemas = {
  Asset: assetView,
  AssetVersion: assetVersionView,
  AssetPage: assetPage,
  AssetVersionPage: assetVersionPage,
  UploadLink: uploadLink,
  DownloadLink: downloadLink,
};

// --- Operations ---------------------------------------------------------------------------------

const tag = 'Assets';
const asset = { description: 'The asset', schema: assetView };
const upload = { description: 'An upload link', schema: uploadLink };

export const assetOperations: ApiOperation[] = [
  {
    operationId: 'listAssets',
    method: 'get',
    path: '/v1/assets',
    tag,
    summary: "A project's assets (newest first) with their current version",
    query: listAssetsQuery,
    responses: { 200: { description: 'A page of assets', schema: assetPage } },
  },
  {
    operationId: 'startAssetUpload',
    method: 'post',
    path: '/v1/assets/uploads',
    tag,
    summary: 'Step 1 of a new asset: a presigned PUT for one image',
    description:
      'PUT the file to `url` with `headers`, then call `completeAssetUpload` with `uploadId`. ' +
      'The type and exact size are signed into the link.',
    body: assetUploadBody,
    responses: { 201: upload },
    errors: [409],
  },
  {
    operationId: 'completeAssetUpload',
    method: 'post',
    path: '/v1/assets/uploads/:uploadId/complete',
    tag,
    summary: 'Step 2: check the uploaded file and record the asset (or its new version)',
    params: uploadParams,
    responses: { 201: { ...asset, description: 'Recorded' } },
    errors: [409, 413, 415],
  },
  {
    operationId: 'getAsset',
    method: 'get',
    path: '/v1/assets/:id',
    tag,
    summary: 'Get an asset',
    params: idParams,
    responses: { 200: asset },
  },
  {
    operationId: 'renameAsset',
    method: 'patch',
    path: '/v1/assets/:id',
    tag,
    summary: 'Rename an asset',
    params: idParams,
    body: renameBody,
    responses: { 200: asset },
  },
  {
    operationId: 'deleteAsset',
    method: 'delete',
    path: '/v1/assets/:id',
    tag,
    summary: 'Delete an asset (purged with its files after 7 days)',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
  },
  {
    operationId: 'downloadAsset',
    method: 'get',
    path: '/v1/assets/:id/download',
    tag,
    summary: 'A short-lived download link for a version',
    params: idParams,
    query: downloadQuery,
    responses: { 200: { description: 'The link', schema: downloadLink } },
  },
  {
    operationId: 'listAssetVersions',
    method: 'get',
    path: '/v1/assets/:id/versions',
    tag,
    summary: "An asset's versions (newest first)",
    params: idParams,
    query: assetVersionsQuery,
    responses: { 200: { description: 'A page of versions', schema: assetVersionPage } },
  },
  {
    operationId: 'startVersionUpload',
    method: 'post',
    path: '/v1/assets/:id/versions/uploads',
    tag,
    summary: 'Step 1 of a new version of an asset: a presigned PUT',
    params: idParams,
    body: versionUploadBody,
    responses: { 201: upload },
  },
  {
    operationId: 'restoreAssetVersion',
    method: 'post',
    path: '/v1/assets/:id/versions/:version/restore',
    tag,
    summary: 'Restore an old version (copied into a new current version)',
    params: versionParams,
    responses: { 201: { ...asset, description: 'Restored' } },
  },
];
