import type { Ai } from '@atelier/shared/ai/setup';
import type { Db } from '@atelier/shared/db';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { Logger } from '@atelier/shared/log';
import type { Storage } from '@atelier/shared/storage';

export interface WorkerDeps {
  db: Db;
  outbox: Outbox;
  storage: Storage;
  log: Logger;
  /** Providers, moderators and the upscaler configured for this deployment (shared/src/ai). */
  ai: Ai;
  clock: () => number;
  /** Work whose stage started longer ago than this is failed by the sweep and its credits released. */
  stuckAfterMs: number;
}
