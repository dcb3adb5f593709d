import type { BillingWorkerDeps } from './deps';
import { onCronTick } from './on-cron-tick';
import { onProviderEvent } from './on-provider-event';
import { onUserDeleted } from './on-user-deleted';

export const handlers = (deps: BillingWorkerDeps) => [
  onProviderEvent(deps),
  onCronTick(deps),
  onUserDeleted(deps),
];
