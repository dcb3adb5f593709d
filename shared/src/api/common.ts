import * as z from 'zod';
import type { ApiScope } from '../db/schema/developer';
import { scopeFor } from '../developer/scopes';
import { errorCodes } from '../errors';

/**
 * The public API's contract (docs/api.md): every operation API keys may call, with its request and
 * response schemas. The functions validate requests with these schemas; the OpenAPI document
 * (openapi.ts) and its contract test are built from the same list.
 */

export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Statuses every operation may answer with the error format (besides its own `errors`). */
export const COMMON_ERRORS = [400, 401, 403, 404, 429] as const;
/** Statuses an operation may add to the common ones. */
export type ErrorStatus = (typeof COMMON_ERRORS)[number] | 402 | 409 | 413 | 415 | 422;

export interface ApiResponse {
  description: string;
  /** Omitted for an empty body (204). */
  schema?: z.ZodType;
  /** Answered with a `Location` header (the resource to poll). */
  location?: boolean;
}

export interface ApiOperation {
  operationId: string;
  method: Method;
  /** The route as the function registers it (Hono syntax: `/v1/projects/:id`). */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  /** The success answers by status. */
  responses: Partial<Record<200 | 201 | 202 | 204, ApiResponse>>;
  /** Error statuses particular to this operation (COMMON_ERRORS apply to all). */
  errors?: ErrorStatus[];
}

/** The scope an API key needs for an operation: one rule by path for the whole platform. */
export function scopeOf(op: Pick<ApiOperation, 'method' | 'path'>): ApiScope {
  const scope = scopeFor(op.method, op.path);
  if (!scope) throw new Error(`${op.method.toUpperCase()} ${op.path} is not under a public prefix`);
  return scope;
}

/** The OpenAPI form of a Hono path: `/v1/projects/:id` → `/v1/projects/{id}`. */
export const openApiPath = (path: string) => path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

// --- Pieces shared by the schemas --------------------------------------------------------------

/** The largest PostgreSQL `integer`: numbers compared with such columns stay below it (else a 500). */
export const INT4_MAX = 2_147_483_647;

export const uuid = (what: string) =>
  z.uuid({ error: (issue) => (issue.input === undefined ? 'is required' : `must be ${what}`) });
/** A moment as the API writes it: ISO 8601 in UTC (`2026-01-31T12:00:00.000Z`). */
export const timestamp = z.iso.datetime();
export const idParams = z.strictObject({ id: uuid('an id') });

/** JSON Schema's `if`/`then`. */
export const ifThen = (condition: object, consequence: object) => ({
  if: condition,
  // biome-ignore lint/suspicious/noThenProperty: JSON Schema's keyword, never awaited
  then: consequence,
});
const sized = { anyOf: [{ required: ['width'] }, { required: ['height'] }] };

/** JSON Schema for "width and height go with format `custom`, and `custom` needs them". */
export const customSizeRule = [
  ifThen(
    { properties: { format: { const: 'custom' } }, required: ['format'] },
    { required: ['width', 'height'] },
  ),
  ifThen({ properties: { format: { not: { const: 'custom' } } }, required: ['format'] }, { not: sized }),
];
/** Without a format (the project's is used), no size either. */
export const noSizeWithoutFormat = ifThen({ not: { required: ['format'] } }, { not: sized });

/** A page of a cursor-paginated list: pass `nextCursor` back as `cursor` until it is null. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    nextCursor: z.string().nullable().describe('The `cursor` of the next page; null on the last page'),
  });

/** The one error format of the platform. */
export const problem = z
  .object({
    error: z.object({
      code: z.enum(errorCodes).describe('Machine-readable; stable across releases'),
      message: z.string().describe('For people; may change'),
      details: z
        .unknown()
        .optional()
        .describe(
          'What went wrong in detail: for `validation_failed` a list of `{ path, message }`; for ' +
            '`insufficient_scope` `{ scope }`; for `rate_limited` `{ retryAfterSeconds }`',
        ),
      requestId: z.string().optional().describe('Quote it when asking for help'),
    }),
  })
  .meta({ title: 'Error' });
