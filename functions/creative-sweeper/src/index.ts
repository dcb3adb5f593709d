import type { SweeperDeps } from './deps';
import { onCronTick } from './on-cron-tick';
import { onUserDeleted } from './on-user-deleted';

export const handlers = (deps: SweeperDeps) => [onCronTick(deps), onUserDeleted(deps)];
