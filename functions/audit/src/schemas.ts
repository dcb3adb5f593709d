import * as z from 'zod';

export const listEventsQuery = z.strictObject({
  type: z
    .string()
    .regex(/^[a-z0-9]+(\.[a-z0-9_]+)+$/, 'must be an event type such as dev.atelier.ops.probe.requested.v1')
    .optional(),
  since: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2026-01-31T12:00:00Z' })
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  cursor: z
    .string()
    .regex(/^[0-9]{1,18}$/, 'must be the nextCursor of a previous page')
    .optional(),
});
export type ListEventsQuery = z.infer<typeof listEventsQuery>;
