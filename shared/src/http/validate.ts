import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, issuesToDetails, ValidationError } from '../errors';

/** Parses the query string with a zod schema; a mismatch is the caller's mistake (400), never a 500. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const result = schema.safeParse(c.req.query());
  if (!result.success)
    throw new ValidationError('Invalid query parameters', issuesToDetails(result.error.issues));
  return result.data;
}

export function parseParams<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const result = schema.safeParse(c.req.param());
  if (!result.success)
    throw new ValidationError('Invalid path parameters', issuesToDetails(result.error.issues));
  return result.data;
}

export async function parseJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError('invalid_json', 400, 'The request body is not valid JSON');
  }
  const result = schema.safeParse(body);
  if (!result.success)
    throw new ValidationError('Invalid request body', issuesToDetails(result.error.issues));
  return result.data;
}
