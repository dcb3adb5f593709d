import type { DispatcherDeps } from './deps';
import { onDeliveryRequested } from './on-delivery-requested';
import { dispatchers } from './on-generation';

export const handlers = (deps: DispatcherDeps) => [...dispatchers(deps), onDeliveryRequested(deps)];
