import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
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

/** A direct browser upload: PUT the file to `url` with exactly these headers (the body sets Content-Length). */
export interface PresignedUpload {
  url: string;
  method: 'PUT';
  headers: Record<string, string>;
}

type Presigner = typeof import('@aws-sdk/s3-request-presigner');

/** The presigner, loaded on first use; CommonJS in a bundle: its exports may sit under `default`. */
async function presigner(): Promise<Presigner['getSignedUrl']> {
  const mod = (await import('@aws-sdk/s3-request-presigner')) as Presigner & { default?: Presigner };
  return mod.getSignedUrl ?? mod.default!.getSignedUrl;
}

/** Object storage is reached through the S3 API only, so MinIO, AWS S3 and the embedded store are interchangeable. */
export function createStorage(config: StorageConfig) {
  const options = {
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials: { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY },
    maxAttempts: 2,
  };
  const client = new S3Client(options);
  // Upload links are signed without the SDK's default CRC32 checksum: it would be the checksum of an
  // empty body, and S3 would refuse the browser's real one.
  let uploadSigner: S3Client | undefined;
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
    /** An object's size and type, or undefined when there is none. */
    async head(key: string): Promise<{ size: number; contentType: string | undefined } | undefined> {
      try {
        const res = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
        return { size: res.ContentLength ?? 0, contentType: res.ContentType };
      } catch (err) {
        if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
          return undefined;
        throw err;
      }
    },
    /** Removes one object; removing one that is not there is not an error (S3 semantics). */
    async delete(key: string): Promise<void> {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    /** Copies an object inside the bucket (server-side: the bytes never pass through the function). */
    async copy(from: string, to: string): Promise<void> {
      await client.send(
        new CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: `${bucket}/${encodeURI(from)}` }),
      );
    },
    async read(key: string): Promise<Uint8Array> {
      const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return res.Body!.transformToByteArray();
    },
    /** The first `length` bytes of an object (a ranged GET): enough to sniff a type without the rest. */
    async readStart(key: string, length: number): Promise<Uint8Array> {
      const res = await client.send(
        new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${length - 1}` }),
      );
      return res.Body!.transformToByteArray();
    },
    /** Removes many objects, a thousand per request; missing ones are not an error. */
    async deleteMany(keys: string[]): Promise<void> {
      for (let i = 0; i < keys.length; i += 1000) {
        await client.send(
          new DeleteObjectsCommand({
            Bucket: bucket,
            Delete: { Objects: keys.slice(i, i + 1000).map((Key) => ({ Key })) },
          }),
        );
      }
    },
    async deletePrefix(prefix: string): Promise<number> {
      const keys = await this.list(prefix);
      await this.deleteMany(keys);
      return keys.length;
    },
    /** A short-lived GET link a browser can use directly (the presigner is loaded on first use). */
    async downloadUrl(key: string, expiresInSeconds: number, filename?: string): Promise<string> {
      const command = new GetObjectCommand({
        Bucket: bucket,
        Key: key,
        ResponseContentDisposition: filename ? `attachment; filename="${filename}"` : undefined,
      });
      return (await presigner())(client, command, { expiresIn: expiresInSeconds });
    },
    /**
     * A short-lived PUT link for one object of an exact type and size. Content-Type and Content-Length
     * are signed, so S3 and MinIO refuse any other type or size (s3rver checks no signature: callers
     * must still verify what arrived).
     */
    async uploadUrl(
      key: string,
      opts: { contentType: string; size: number; expiresInSeconds: number },
    ): Promise<PresignedUpload> {
      uploadSigner ??= new S3Client({ ...options, requestChecksumCalculation: 'WHEN_REQUIRED' });
      const command = new PutObjectCommand({
        Bucket: bucket,
        Key: key,
        ContentType: opts.contentType,
        ContentLength: opts.size,
      });
      const url = await (await presigner())(uploadSigner, command, {
        expiresIn: opts.expiresInSeconds,
        signableHeaders: new Set(['content-type', 'content-length']),
      });
      return { url, method: 'PUT', headers: { 'content-type': opts.contentType } };
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
