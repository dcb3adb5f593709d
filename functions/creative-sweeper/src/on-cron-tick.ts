import { onEvent } from '@atelier/shared/events/consumer';
import { cronTick } from '@atelier/shared/events/cron';
import type { SweeperDeps } from './deps';
import { sweep } from './sweep.service';

/** The schedule in stack.yml (hourly) wakes the function with a PingSource event: one sweep each. */
export const onCronTick = (deps: SweeperDeps) =>
  onEvent(cronTick, async () => {
    await sweep(deps);
  });
