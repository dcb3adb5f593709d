import { hostname } from 'node:os';
import { createDb } from '@atelier/shared/db';
import { eventLog } from '@atelier/shared/db/schema';
import { ops } from '@atelier/shared/events/catalog';
import { createOutbox } from '@atelier/shared/events/outbox';
import { rabbitPublisher } from '@atelier/shared/events/publisher';
import { eq } from 'drizzle-orm';
import type { RunnerConfig } from '../config';

/** Sends one probe through the outbox and waits until the audit function has written it down. */
export async function probe(config: RunnerConfig, timeoutMs = 20_000): Promise<{ id: string; ms: number }> {
  const handle = createDb({ DATABASE_URL: config.DATABASE_URL, DB_POOL_MAX: 1 });
  const publisher = rabbitPublisher(config);
  try {
    const outbox = createOutbox({ db: handle.db, publisher, source: 'atelier/cli' });
    const started = Date.now();
    const id = await outbox.transaction((tx, emit) =>
      emit(tx, ops.opsProbeRequested, {
        note: 'probe from the atelier CLI',
        requestedBy: hostname().slice(0, 100),
      }),
    );
    while (Date.now() - started < timeoutMs) {
      const rows = await handle.db
        .select({ seq: eventLog.seq })
        .from(eventLog)
        .where(eq(eventLog.eventId, id));
      if (rows.length > 0) return { id, ms: Date.now() - started };
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(
      `probe ${id} was not recorded within ${timeoutMs / 1000} s: is the platform running (npm start)?`,
    );
  } finally {
    await publisher.close();
    await handle.close();
  }
}
