import type { PrivacyDeps } from './deps';
import { onUserDeleted } from './on-user-deleted';
import { onUserExportRequested } from './on-user-export-requested';

export const handlers = (deps: PrivacyDeps) => [onUserExportRequested(deps), onUserDeleted(deps)];
