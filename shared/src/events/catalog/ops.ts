import * as z from 'zod';
import { defineEvent } from '../define';

/**
 * An end-to-end probe ops can fire (`npm run atelier -- probe`): it travels the outbox, RabbitMQ and
 * the router like any business event and lands in the audit log, proving the event path works.
 */
export const opsProbeRequested = defineEvent(
  'dev.atelier.ops.probe.requested.v1',
  z.object({ note: z.string().max(200), requestedBy: z.string().max(100).optional() }),
  { description: 'An operator checked the event path end to end.', producers: ['atelier CLI', 'tests'] },
);
