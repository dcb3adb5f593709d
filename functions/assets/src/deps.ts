import type { Db } from '@atelier/shared/db';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { Logger } from '@atelier/shared/log';
import type { Storage } from '@atelier/shared/storage';

export interface AssetsDeps {
  db: Db;
  outbox: Outbox;
  storage: Storage;
  clock: () => number;
  log: Logger;
}

const MiB = 1024 * 1024;

/** PRODUCT.md §3 and the creative issue: images ≤ 25 MB (in the public API's contract), fonts ≤ 5 MB. */
export { IMAGE_MAX_BYTES } from '@atelier/shared/api/assets';
export const FONT_MAX_BYTES = 5 * MiB;
/** Live (not deleted) assets in one project. */
export const MAX_ASSETS_PER_PROJECT = 1_000;
export const MAX_LOGOS = 10;
export const MAX_FONTS = 5;
/** How long an upload link works; an upload never completed is swept (row and object) after this. */
export const UPLOAD_TTL_S = 600;
/** Download and thumbnail links are short-lived: clients ask again for a fresh one. */
export const LINK_TTL_S = 300;
/** Enough leading bytes for every signature we check. */
export const SNIFF_BYTES = 64;
