import type { Db } from '@atelier/shared/db';
import type { Outbox } from '@atelier/shared/events/outbox';
import type { Logger } from '@atelier/shared/log';

export interface WorkbenchesDeps {
  db: Db;
  outbox: Outbox;
  clock: () => number;
  log: Logger;
  /** Whether a live collab room owns the project's document now (docs/collaboration.md). */
  isDocumentLive?: (projectId: string) => Promise<boolean>;
}

/** PRODUCT.md §3: at most 100 projects in a workbench (archived ones count: they can be restored). */
export const MAX_PROJECTS_PER_WORKBENCH = 100;
