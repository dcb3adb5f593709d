import { onEvent } from '@atelier/shared/events/consumer';
import { cronTick } from '@atelier/shared/events/cron';
import type { BillingWorkerDeps } from './deps';

export const onCronTick = (_deps: BillingWorkerDeps) => onEvent(cronTick, async () => {});
