import type { z } from 'zod';

/** One event contract: its reverse-DNS, versioned type and the zod schema of its data. */
export interface EventDef<S extends z.ZodType = z.ZodType> {
  type: string;
  schema: S;
  description: string;
  producers: string[];
}
export type EventData<E extends EventDef> = z.infer<E['schema']>;

const TYPE = /^dev\.atelier(\.[a-z][a-z0-9_]*)+\.v[0-9]+$/;

export function defineEvent<S extends z.ZodType>(
  type: string,
  schema: S,
  meta: { description: string; producers: string[] },
): EventDef<S> {
  if (!TYPE.test(type))
    throw new Error(`Event type "${type}" must look like dev.atelier.<context>.<noun>.<verb>.v<N>`);
  return { type, schema, ...meta };
}
