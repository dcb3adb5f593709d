import { describe, expect, it } from 'vitest';
import type { Db } from './db';
import { eventRoutes, onEvent } from './events/consumer';
import { cronTick } from './events/cron';
import { createFunction } from './http/create-function';
import { createLogger } from './log';

describe('atelier_events_consumed_total', () => {
  it('starts at 0 for every type a consumer handles, so the first event of a process is counted by increase()', async () => {
    const { app } = createFunction({
      name: 'metrics-test',
      version: '0',
      log: createLogger({ name: 't', level: 'silent' }),
    });
    app.route(
      '/',
      eventRoutes({ consumer: 'metrics-test', db: {} as Db, handlers: [onEvent(cronTick, async () => {})] }),
    );
    const body = await (await app.request('/_/metrics')).text();
    expect(body).toMatch(
      /atelier_events_consumed_total\{type="dev\.knative\.sources\.ping",outcome="processed",function_name="metrics-test"\} 0/,
    );
  });
});
