import { dbEnv, rabbitEnv } from '@atelier/shared/config';
import { billing, collab, generation, identity } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import { bootFunction } from '@atelier/shared/http/boot';
import { createEventFunction, openEventWorker } from '@atelier/shared/http/event-worker';

// Skeleton (issue 9 fills it): accepts the events stack.yml routes here and does nothing with them yet.
const events = [
  generation.sampleReady,
  generation.awaitingSelection,
  generation.generationCompleted,
  generation.generationFailed,
  generation.contentRejected,
  billing.paymentReminder,
  billing.subscriptionChanged,
  identity.teamMemberAdded,
  identity.teamMemberRemoved,
  collab.commentCreated,
];
bootFunction('notify', { ...dbEnv, ...rabbitEnv }, async (ctx) => {
  const opened = openEventWorker('notify', ctx.config, ctx);
  const handlers = events.map((e) => onEvent(e, async () => {}));
  return createEventFunction(
    'notify',
    { version: ctx.config.APP_VERSION, log: ctx.log, ...opened },
    handlers,
  );
});
