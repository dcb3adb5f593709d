import { identity } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import type { BillingWorkerDeps } from './deps';

export const onUserDeleted = (_deps: BillingWorkerDeps) => onEvent(identity.userDeleted, async () => {});
