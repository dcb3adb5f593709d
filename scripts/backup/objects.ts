import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CreateBucketCommand,
  GetObjectCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';

/** One object as a backup records it (a line of objects.jsonl). */
export interface ObjectEntry {
  key: string;
  etag: string;
  size: number;
  sha256: string;
  contentType?: string;
  contentDisposition?: string;
  cacheControl?: string;
  metadata?: Record<string, string>;
}

/**
 * Object contents live once under `<root>/blobs/sha256/<hash>`, shared by every backup in the root:
 * a backup copies only the objects whose ETag changed since the previous one (incremental), and each
 * backup's objects.jsonl still names the exact bytes of every key at its time.
 */
export const blobPath = (root: string, sha256: string) => join(root, 'blobs', 'sha256', sha256);

async function listAll(client: S3Client, bucket: string) {
  const all: Array<{ key: string; etag: string; size: number }> = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    for (const o of page.Contents ?? [])
      if (o.Key) all.push({ key: o.Key, etag: o.ETag ?? '', size: o.Size ?? 0 });
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return all;
}

/** Runs `work` over `items`, `limit` at a time. */
async function eachLimit<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

export async function backupObjects(opts: {
  client: S3Client;
  bucket: string;
  root: string;
  previous: ObjectEntry[];
  concurrency?: number;
}) {
  const { client, bucket, root } = opts;
  mkdirSync(join(root, 'blobs', 'sha256'), { recursive: true });
  const before = new Map(opts.previous.map((e) => [e.key, e]));
  const listed = await listAll(client, bucket);
  const entries: ObjectEntry[] = [];
  let copied = 0;
  let copiedBytes = 0;
  await eachLimit(listed, opts.concurrency ?? 8, async (o) => {
    const old = before.get(o.key);
    if (old && old.etag === o.etag && old.size === o.size && existsSync(blobPath(root, old.sha256))) {
      entries.push(old);
      return;
    }
    const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: o.key }));
    const tmp = join(root, 'blobs', `.tmp-${randomBytes(8).toString('hex')}`);
    const hash = createHash('sha256');
    const body = res.Body as Readable;
    body.on('data', (chunk: Buffer) => hash.update(chunk));
    await pipeline(body, createWriteStream(tmp));
    const sha256 = hash.digest('hex');
    renameSync(tmp, blobPath(root, sha256));
    copied++;
    copiedBytes += statSync(blobPath(root, sha256)).size;
    entries.push({
      key: o.key,
      etag: res.ETag ?? o.etag,
      size: o.size,
      sha256,
      ...(res.ContentType ? { contentType: res.ContentType } : {}),
      ...(res.ContentDisposition ? { contentDisposition: res.ContentDisposition } : {}),
      ...(res.CacheControl ? { cacheControl: res.CacheControl } : {}),
      ...(res.Metadata && Object.keys(res.Metadata).length ? { metadata: res.Metadata } : {}),
    });
  });
  entries.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { entries, copied, copiedBytes, reused: entries.length - copied };
}

export const readEntries = (file: string): ObjectEntry[] =>
  existsSync(file)
    ? readFileSync(file, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as ObjectEntry)
    : [];

export const entriesText = (entries: ObjectEntry[]) => entries.map((e) => `${JSON.stringify(e)}\n`).join('');

/**
 * Uploads every object of a backup into a bucket that is missing (it is created) or empty, after
 * checking each blob against its recorded SHA-256.
 */
export async function restoreObjects(opts: {
  client: S3Client;
  bucket: string;
  root: string;
  entries: ObjectEntry[];
  concurrency?: number;
}) {
  const { client, bucket, root } = opts;
  const exists = await client.send(new HeadBucketCommand({ Bucket: bucket })).then(
    () => true,
    () => false,
  );
  if (!exists) await client.send(new CreateBucketCommand({ Bucket: bucket }));
  else {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }));
    if ((page.KeyCount ?? page.Contents?.length ?? 0) > 0)
      throw new Error(`bucket "${bucket}" is not empty: restore into a new (or empty) bucket`);
  }
  let bytes = 0;
  await eachLimit(opts.entries, opts.concurrency ?? 8, async (e) => {
    const file = blobPath(root, e.sha256);
    if (!existsSync(file)) throw new Error(`${e.key}: blob ${e.sha256} is missing from the backup`);
    // Whole bytes, not a stream: the SDK sends streams aws-chunked with a trailing checksum, which not
    // every S3-compatible store understands (s3rver stores the chunk framing). The hash checks what is sent.
    const body = await readFile(file);
    if (createHash('sha256').update(body).digest('hex') !== e.sha256)
      throw new Error(`${e.key}: blob ${e.sha256} is corrupt`);
    await client.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: e.key,
        Body: body,
        ContentType: e.contentType,
        ContentDisposition: e.contentDisposition,
        CacheControl: e.cacheControl,
        Metadata: e.metadata,
      }),
    );
    bytes += e.size;
  });
  return { count: opts.entries.length, bytes, created: !exists };
}
