import type { WorkerDeps } from './deps';
import { onProjectDeleted, onUserDeleted } from './erase';
import { onFinalRequested } from './on-final-requested';
import { onRequested } from './on-requested';
import { onCronTick } from './sweep';

export const handlers = (deps: WorkerDeps) => [
  onRequested(deps),
  onFinalRequested(deps),
  onCronTick(deps),
  onProjectDeleted(),
  onUserDeleted(),
];
