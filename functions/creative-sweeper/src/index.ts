import type { SweeperDeps } from './deps';
import { onCronTick } from './on-cron-tick';
import { onProjectDeleted } from './on-project-deleted';
import { onUserDeleted } from './on-user-deleted';

export const handlers = (deps: SweeperDeps) => [
  onCronTick(deps),
  onUserDeleted(deps),
  onProjectDeleted(deps),
];
