import {
  CreateBucketCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';

export interface StorageConfig {
  S3_ENDPOINT?: string | undefined;
  S3_REGION: string;
  S3_BUCKET: string;
  S3_ACCESS_KEY_ID: string;
  S3_SECRET_ACCESS_KEY: string;
  S3_FORCE_PATH_STYLE: boolean;
}

/** Object storage is reached through the S3 API only, so MinIO, AWS S3 and the embedded store are interchangeable. */
export function createStorage(config: StorageConfig) {
  const client = new S3Client({
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY },
    maxAttempts: 2,
  });
  const bucket = config.S3_BUCKET;
  return {
    client,
    bucket,
    async ping(): Promise<void> {
      await client.send(new HeadBucketCommand({ Bucket: bucket }));
    },
    async put(key: string, body: Uint8Array | string, contentType: string): Promise<void> {
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }),
      );
    },
    /** Every key under a prefix (paged through). */
    async list(prefix: string): Promise<string[]> {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
    async read(key: string): Promise<Uint8Array> {
      const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return res.Body!.transformToByteArray();
    },
    async deletePrefix(prefix: string): Promise<number> {
      const keys = await this.list(prefix);
      for (let i = 0; i < keys.length; i += 1000) {
        await client.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })) },
          }),
        );
      }
      return keys.length;
    },
    /** A short-lived GET link a browser can use directly (the presigner is loaded on first use). */
    async downloadUrl(key: string, expiresInSeconds: number, filename?: string): Promise<string> {
      // CommonJS in a bundle: its exports may sit under `default`.
      const mod = (await import(
        '@aws-sdk/s3-request-presigner'
      )) as typeof import('@aws-sdk/s3-request-presigner') & {
        default?: typeof import('@aws-sdk/s3-request-presigner');
      };
      const getSignedUrl = mod.getSignedUrl ?? mod.default!.getSignedUrl;
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ResponseContentDisposition: filename ? `attachment; filename="${filename}"` : undefined,
      });
      return getSignedUrl(client, command, { expiresIn: expiresInSeconds });
    },
    async ensureBucket(): Promise<void> {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
      } catch {
        await client.send(new CreateBucketCommand({ Bucket: bucket }));
      }
    },
  };
}
export type Storage = ReturnType<typeof createStorage>;
