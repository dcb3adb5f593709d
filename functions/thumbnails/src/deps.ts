import type { Db } from '@atelier/shared/db';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { Logger } from '@atelier/shared/log';
import type { Storage } from '@atelier/shared/storage';

export interface ThumbnailsDeps {
  db: Db;
  outbox: Outbox;
  storage: Storage;
  log: Logger;
}

/** Thumbnails fit inside 320 × 320, keeping the aspect ratio (the asset library's grid cell). */
export const THUMBNAIL_SIZE = 320;
