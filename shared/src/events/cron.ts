import * as z from 'zod';
import type { EventDef } from './define';

/**
 * What a cron trigger delivers: a Knative PingSource event (the local runner sends the same). Not in
 * the catalogue: it is not one of ours and nothing publishes it to the broker.
 */
export const cronTick: EventDef = {
  type: 'dev.knative.sources.ping',
  schema: z.unknown(),
  description: 'A cron schedule fired.',
  producers: ['Knative PingSource', 'local runner'],
};
