import * as z from 'zod';
import { type ApiOperation, COMMON_ERRORS, type ErrorStatus, openApiPath, scopeOf } from './common';
import { apiOperations, apiTags, requestSchemas, responseSchemas } from './operations';

/**
 * The OpenAPI 3.1 document of the public API, generated from the zod schemas of `apiOperations` with
 * zod's own JSON Schema converter (draft 2020-12, the dialect of OpenAPI 3.1): requests as clients
 * may send them (`io: 'input'`: defaults optional), responses as the platform answers them.
 */

type Json = Record<string, unknown>;

const ERRORS: Record<ErrorStatus, { name: string; description: string }> = {
  400: { name: 'BadRequest', description: 'Invalid input (`validation_failed`, `invalid_json`)' },
  401: { name: 'Unauthorized', description: 'No, an unknown, a revoked or an expired key or token' },
  402: {
    name: 'PaymentRequired',
    description: 'Not enough credits (`insufficient_credits`), or paid work suspended',
  },
  403: {
    name: 'Forbidden',
    description: 'The key lacks the scope (`insufficient_scope`, `details.scope`), or the plan or role',
  },
  404: { name: 'NotFound', description: 'No such resource, or one the caller may not see' },
  409: {
    name: 'Conflict',
    description:
      'A stale revision, a state that forbids it, a full limit, or a request with this ' +
      'Idempotency-Key still running (`idempotency_in_progress`)',
  },
  413: { name: 'PayloadTooLarge', description: 'The body or the uploaded file is too large' },
  415: { name: 'UnsupportedMediaType', description: 'The uploaded file is not of an accepted type' },
  422: {
    name: 'Unprocessable',
    description:
      'Refused content (`content_rejected`), or an Idempotency-Key already used for another ' +
      'request (`idempotency_key_reused`)',
  },
  429: {
    name: 'TooManyRequests',
    description:
      'Rate limit (`rate_limited`) or monthly quota (`quota_exceeded`) spent: retry after `Retry-After`',
  },
};

const HEADERS: Record<string, Json> = {
  RateLimit: {
    description:
      'What is left of each policy (API keys), e.g. `"minute";r=97;t=42, "month";r=9500;t=86400` ' +
      '(draft-ietf-httpapi-ratelimit-headers)',
    schema: { type: 'string' },
  },
  'RateLimit-Policy': {
    description: 'The policies of the key, e.g. `"minute";q=100;w=60, "month";q=10000;w=86400`',
    schema: { type: 'string' },
  },
  'Retry-After': { description: 'Seconds to wait before retrying', schema: { type: 'integer', minimum: 0 } },
  Location: { description: 'Where to poll the resource', schema: { type: 'string' } },
  'Idempotent-Replayed': {
    description: '`true` when this is the stored answer to an earlier request with the same Idempotency-Key',
    schema: { type: 'string', enum: ['true'] },
  },
};

const rateHeaders = {
  RateLimit: { $ref: '#/components/headers/RateLimit' },
  'RateLimit-Policy': { $ref: '#/components/headers/RateLimit-Policy' },
};

/** The schemas of one direction, each as a component; cross references become `$ref`s. */
function components(named: Map<z.ZodType, string>, io: 'input' | 'output'): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [schema, id] of named) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io,
    uri: (id) => `#/components/schemas/${id}`,
  }) as { schemas: Record<string, Json> };
  if ('__shared' in schemas) throw new Error('a schema was extracted outside the components');
  for (const s of Object.values(schemas)) {
    delete s.$schema;
    delete s.$id;
  }
  return schemas;
}

/** A zod object's properties as OpenAPI parameters (path or query). */
function parameters(schema: z.ZodObject | undefined, where: 'path' | 'query'): Json[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as {
    properties?: Record<string, Json>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(description ? { description } : {}),
      schema: rest,
    };
  });
}

const capitalised = (s: string) => s[0]!.toUpperCase() + s.slice(1);

function operation(op: ApiOperation, requests: Map<z.ZodType, string>, responses: Map<z.ZodType, string>) {
  const scope = scopeOf(op);
  const ref = (schema: z.ZodType, names: Map<z.ZodType, string>) => ({
    $ref: `#/components/schemas/${names.get(schema)}`,
  });
  const answers: Record<string, Json> = {};
  for (const [status, answer] of Object.entries(op.responses)) {
    answers[status] = {
      description: answer.description,
      headers: {
        ...rateHeaders,
        ...(answer.location ? { Location: { $ref: '#/components/headers/Location' } } : {}),
        ...(op.method === 'post'
          ? { 'Idempotent-Replayed': { $ref: '#/components/headers/Idempotent-Replayed' } }
          : {}),
      },
      ...(answer.schema
        ? { content: { 'application/json': { schema: ref(answer.schema, responses) } } }
        : {}),
    };
  }
  const errors = new Set<ErrorStatus>([
    ...COMMON_ERRORS,
    ...(op.errors ?? []),
    // Every POST takes an Idempotency-Key (409 while the first runs, 422 for another request).
    ...(op.method === 'post' ? ([409, 422] as const) : []),
    ...(op.body ? ([413] as const) : []),
  ]);
  for (const status of [...errors].sort((a, b) => a - b)) {
    answers[status] = { $ref: `#/components/responses/${ERRORS[status].name}` };
  }
  return {
    operationId: op.operationId,
    summary: op.summary,
    description: [op.description, `API keys need the scope \`${scope}\`.`].filter(Boolean).join('\n\n'),
    tags: [op.tag],
    security: [{ apiKey: [scope] }, { accessToken: [] }],
    parameters: [
      ...parameters(op.params, 'path'),
      ...parameters(op.query, 'query'),
      ...(op.method === 'post' ? [{ $ref: '#/components/parameters/IdempotencyKey' }] : []),
    ],
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref(op.body, requests) } },
          },
        }
      : {}),
    responses: answers,
  };
}

export interface DocumentOptions {
  /** The platform's version (APP_VERSION). */
  version: string;
  /** Operations to describe (all of the public API by default). */
  operations?: ApiOperation[];
}

export function openApiDocument({ version, operations = apiOperations }: DocumentOptions) {
  const requests = new Map<z.ZodType, string>(Object.entries(requestSchemas).map(([n, s]) => [s, n]));
  const responses = new Map<z.ZodType, string>(Object.entries(responseSchemas).map(([n, s]) => [s, n]));
  for (const op of operations) {
    if (op.body && !requests.has(op.body)) requests.set(op.body, `${capitalised(op.operationId)}Request`);
    for (const answer of Object.values(op.responses)) {
      if (answer.schema && !responses.has(answer.schema))
        responses.set(answer.schema, `${capitalised(op.operationId)}Response`);
    }
  }
  const schemas = { ...components(requests, 'input') };
  for (const [name, schema] of Object.entries(components(responses, 'output'))) {
    if (name in schemas) throw new Error(`schema name ${name} is used for a request and a response`);
    schemas[name] = schema;
  }

  const paths: Record<string, Record<string, Json>> = {};
  for (const op of operations) {
    const key = openApiPath(op.path);
    paths[key] ??= {};
    const path = paths[key];
    if (path[op.method]) throw new Error(`${op.method.toUpperCase()} ${op.path} is described twice`);
    path[op.method] = operation(op, requests, responses);
  }

  return {
    openapi: '3.1.1',
    info: {
      title: 'Atelier API',
      version,
      description:
        'The public API of Atelier: generations, workbenches, projects, design documents and assets. ' +
        'Authenticate with an API key (`Authorization: Bearer atl_live_…`, made in the developer ' +
        'portal) or a signed-in access token. Errors are `{ error: { code, message, details?, requestId? } }`; ' +
        'lists are cursor-paginated; every POST takes an `Idempotency-Key`. See docs/api.md.',
    },
    servers: [{ url: '/', description: 'This platform' }],
    tags: apiTags,
    paths,
    components: {
      schemas,
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'atl_live_<key id>_<secret>',
          description: 'An API key with the scopes the operations need (developer portal, /developer)',
        },
        accessToken: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'The access token of a signed-in person (POST /v1/auth/login); no scope applies',
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes a retry safe: the same key with the same request answers the first answer again ' +
            '(for 24 hours); with another request 422 `idempotency_key_reused`',
          schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x20-\\x7e]+$' },
        },
      },
      headers: HEADERS,
      responses: Object.fromEntries(
        Object.values(ERRORS).map(({ name, description }) => [
          name,
          {
            description,
            headers:
              name === 'TooManyRequests'
                ? { ...rateHeaders, 'Retry-After': { $ref: '#/components/headers/Retry-After' } }
                : rateHeaders,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
          },
        ]),
      ),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof openApiDocument>;
