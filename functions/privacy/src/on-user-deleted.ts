import { identity } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import { type PrivacyDeps, userPrefix } from './deps';

/** Identity's share of the erasure contract in storage: every object under the user's prefix goes. */
export const onUserDeleted = (deps: PrivacyDeps) =>
  onEvent(identity.userDeleted, async (event) => {
    const removed = await deps.storage.deletePrefix(userPrefix(event.data.userId));
    deps.log.info({ userId: event.data.userId, removed }, 'user files erased');
  });
