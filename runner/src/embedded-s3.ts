import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';

/**
 * The web app's browser uploads (a profile picture through a presigned PUT) and downloads reach the
 * store from another origin. Links are signed, so any origin may use one; a real bucket needs the same
 * rule (docs/operations.md).
 */
const CORS = `<CORSConfiguration><CORSRule>
<AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>HEAD</AllowedMethod>
<AllowedMethod>PUT</AllowedMethod><AllowedHeader>*</AllowedHeader><ExposeHeader>ETag</ExposeHeader>
<MaxAgeSeconds>3600</MaxAgeSeconds></CORSRule></CORSConfiguration>`;

/**
 * A real S3-protocol server (s3rver) persisting under the data folder, for machines with no S3
 * endpoint configured. Speaks the S3 API, so the code paths are the same as against MinIO or AWS.
 */
export async function startEmbeddedS3(opts: { dir: string; port: number; bucket: string }) {
  mkdirSync(opts.dir, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: opts.port,
    directory: opts.dir,
    silent: true,
    configureBuckets: [{ name: opts.bucket, configs: [CORS] }],
  });
  const info = (await server.run()) as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${info.port}`,
    close: () => server.close(),
  };
}
