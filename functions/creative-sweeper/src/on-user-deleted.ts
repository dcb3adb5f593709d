import { identity } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import type { SweeperDeps } from './deps';
import { eraseUser } from './erase.service';

export const onUserDeleted = (deps: SweeperDeps) =>
  onEvent(identity.userDeleted, async (event, { tx }) => eraseUser(deps, tx, event.data.userId));
