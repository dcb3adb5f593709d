import * as z from 'zod';

/** `?access_token=` because EventSource cannot set headers; `?lastEventId=` for clients that cannot either. */
export const streamQuery = z.object({
  access_token: z.string().max(4096).optional(),
  lastEventId: z.string().max(20).optional(),
});

/** SSE ids are inbox seqs: a non-negative integer, or nothing. */
export const lastEventId = z.union([
  z.literal('').transform(() => undefined),
  z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
]);

export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(200).optional(),
  /** Only what has not been read (the bell's list). */
  unread: z.enum(['true', 'false']).optional(),
});

export const idParams = z.object({ id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER) });
