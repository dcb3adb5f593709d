import type { Db } from '@atelier/shared/db';
import type { Logger } from '@atelier/shared/log';

export interface TemplatesDeps {
  db: Db;
  log: Logger;
}

/** Private templates one user or one team may keep (a gallery of their own, not a backup store). */
export const MAX_PRIVATE_TEMPLATES = 200;
