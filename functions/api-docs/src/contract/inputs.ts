import fc from 'fast-check';
import { type Generation, presentOrNot, type Schema, valid, wrongTyped } from './arbitraries';
import type { Operation, Parameter } from './document';
import type { World } from './fixtures';

/** One request to an operation: path and query parameters as strings, and a body. */
export interface Input {
  path: Record<string, string>;
  query: Record<string, string>;
  /** `json` is sent as JSON; `raw` as it is (for bodies that are not JSON). */
  body?: { json?: unknown; raw?: string };
  /** `none`: no Authorization header; `bogus`: a token nobody issued. */
  auth?: 'none' | 'bogus';
  /** What was broken, for failure messages. */
  broken?: string;
  /** Whether to aim a `revision` in the body at the document's current one (else as generated). */
  current?: boolean;
}

/** Real ids by the name of the property or parameter that carries them. */
function known(world: World): Record<string, string[]> {
  return {
    projectId: [world.projectId],
    workbenchId: [world.workbenchId],
    generationId: [world.generationId],
    assetId: [world.assetId],
    inputAssetIds: [world.assetId],
    sampleId: world.sampleIds,
    uploadId: [world.uploadId],
    endpointId: [world.endpointId],
    deliveryId: [world.deliveryId],
    templateId: [world.templateId],
    brandKitId: [world.brandKitId],
  };
}

/** What `{id}` names in a path. */
const RESOURCE_OF_PATH: Array<[string, string]> = [
  ['/v1/generations/', 'generationId'],
  ['/v1/workbenches/', 'workbenchId'],
  ['/v1/projects/', 'projectId'],
  ['/v1/assets/', 'assetId'],
  ['/v1/developer/webhooks/', 'endpointId'],
];

/** A cursor as the lists hand them out (base64url JSON of a row's sort key); clients never build one. */
const cursor = fc
  .tuple(
    fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }),
    fc.uuid({ version: 4 }),
  )
  .map(([at, id]) => Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url'));

/** The test's receiver (allowed by the platform), or addresses the SSRF rules refuse (422). */
const webhookUrl = (world: World) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(world.receiverUrl) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'http://10.0.0.1/hook',
        'https://169.254.169.254/latest',
        'http://127.0.0.1:1/',
      ),
    },
  );

export function generation(
  world: World,
  resolve: (ref: string) => Schema,
  accepts: (schema: Schema, value: unknown) => boolean,
): Generation {
  const ids = known(world);
  return {
    resolve,
    accepts,
    string: (name) => (name === 'cursor' ? cursor : name === 'url' ? webhookUrl(world) : undefined),
    uuid: (name) => {
      const real = name ? ids[name] : undefined;
      const random = fc.uuid({ version: 4 });
      return real?.length
        ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...real) }, { weight: 1, arbitrary: random })
        : random;
    },
    integer: (name) =>
      name === 'revision' || name === 'version' ? fc.integer({ min: 1, max: 3 }) : undefined,
  };
}

const paramName = (op: Operation, p: Parameter) =>
  p.in === 'path' && p.name === 'id'
    ? (RESOURCE_OF_PATH.find(([prefix]) => op.path.startsWith(prefix))?.[1] ?? p.name)
    : p.name;

const byPlace = (op: Operation, place: 'path' | 'query') => op.parameters.filter((p) => p.in === place);

/** Requests the document says are valid (they may still name a resource that is not there: 404). */
export function validInput(op: Operation, g: Generation): fc.Arbitrary<Input> {
  const strings = (params: Parameter[]) =>
    Object.fromEntries(params.map((p) => [p.name, valid(p.schema, g, paramName(op, p)).map(String)]));
  const query = byPlace(op, 'query');
  const body = op.body;
  return fc.record({
    path: fc.record(strings(byPlace(op, 'path'))),
    query: presentOrNot(
      strings(query),
      query.filter((p) => p.required).map((p) => p.name),
    ),
    // What generation does not build in (e.g. "width and height go with format custom") is filtered.
    body: body
      ? valid(body, g)
          .filter((json) => g.accepts?.(body, json) ?? true)
          .map((json) => ({ json }))
      : fc.constant(undefined),
    current: fc.boolean(),
  }) as fc.Arbitrary<Input>;
}

type Break = fc.Arbitrary<(input: Input) => Input>;

/** A value of a parameter that its schema refuses, written as a string (undefined: none found). */
function badParameter(schema: Schema): fc.Arbitrary<string> | undefined {
  if (schema.format === 'uuid')
    return fc.constantFrom('not-a-uuid', '12345', 'ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ');
  if (schema.enum) return fc.constant('not-a-member');
  if (schema.type === 'integer' || schema.type === 'number') {
    const out = ['abc', '1.5x'];
    if (schema.minimum !== undefined) out.push(String(schema.minimum - 1));
    if (schema.maximum !== undefined && schema.maximum < 1e9) out.push(String(schema.maximum + 1));
    return fc.constantFrom(...out);
  }
  if (schema.type === 'string' && schema.maxLength !== undefined)
    return fc.constant('x'.repeat(schema.maxLength + 1));
  return undefined;
}

/** Every way the document lets us break a request to `op`. */
function breaks(op: Operation, g: Generation): Break[] {
  const out: Break[] = [
    fc.constant((i: Input) => ({ ...i, auth: 'none' as const, broken: 'no credentials' })),
    fc.constant((i: Input) => ({ ...i, auth: 'bogus' as const, broken: 'a token nobody issued' })),
  ];
  for (const p of op.parameters.filter((p) => p.in !== 'header')) {
    const bad = badParameter(p.schema);
    if (!bad) continue;
    out.push(
      bad.map((v) => (i: Input) => ({
        ...i,
        [p.in]: { ...i[p.in as 'path'], [p.name]: v },
        broken: `${p.name}=${v}`,
      })),
    );
  }
  if (byPlace(op, 'query').length) {
    out.push(
      fc.constant((i: Input) => ({ ...i, query: { ...i.query, unexpected: '1' }, broken: 'unknown query' })),
    );
  }
  if (!op.body) return out;
  const body = op.body.$ref ? g.resolve(op.body.$ref) : op.body;
  out.push(
    fc
      .constantFrom('{"oops": ', '[]', '"text"', 'null', '42')
      .map((raw) => (i: Input) => ({ ...i, body: { raw }, broken: `body ${raw}` })),
  );
  const json = (i: Input) => (i.body?.json ?? {}) as Record<string, unknown>;
  if (body.additionalProperties === false) {
    out.push(
      fc.constant((i: Input) => ({
        ...i,
        body: { json: { ...json(i), unexpectedField: 1 } },
        broken: 'extra field',
      })),
    );
  }
  for (const name of body.required ?? []) {
    out.push(
      fc.constant((i: Input) => {
        const { [name]: _, ...rest } = json(i);
        return { ...i, body: { json: rest }, broken: `without ${name}` };
      }),
    );
  }
  for (const [name, schema] of Object.entries(body.properties ?? {})) {
    const wrong = wrongTyped(schema, g);
    if (wrong)
      out.push(
        wrong.map((v) => (i: Input) => ({
          ...i,
          body: { json: { ...json(i), [name]: v } },
          broken: `${name}: ${JSON.stringify(v)}`,
        })),
      );
  }
  return out;
}

/** Requests the document says are invalid: one valid request broken in one way. */
export function invalidInput(op: Operation, g: Generation): fc.Arbitrary<Input> {
  return fc.tuple(validInput(op, g), fc.oneof(...breaks(op, g))).map(([input, breakIt]) => breakIt(input));
}
