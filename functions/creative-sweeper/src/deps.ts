import type { Db } from '@atelier/shared/db';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { Logger } from '@atelier/shared/log';
import type { Storage } from '@atelier/shared/storage';

export interface SweeperDeps {
  db: Db;
  outbox: Outbox;
  storage: Storage;
  /** Injected so tests can sweep "in the future" against rows of today. */
  clock: () => number;
  log: Logger;
}

const DAY = 24 * 3_600_000;
/** The retention rules (PRODUCT.md §3; docs/assets.md explains each). */
export const RETENTION = {
  freeFilesMs: 365 * DAY,
  deletedAssetMs: 7 * DAY,
  /** A pending upload's link is long dead by then; completion accepts up to one TTL late. */
  uploadGraceMs: 3_600_000,
  /** Records of completed uploads are only bookkeeping. */
  completedUploadMs: 30 * DAY,
};
/** Assets purged per query: bounded memory and short transactions however much has expired. */
export const BATCH = 200;
