import fc from 'fast-check';

/**
 * fast-check arbitraries from the JSON Schemas of the OpenAPI document (the subset zod emits): valid
 * values of a schema, and wrong-typed values for invalid requests. The contract test derives every
 * input from the published document, so it tests what clients read.
 */

export type Schema = {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  minProperties?: number;
};

export interface Generation {
  resolve(ref: string): Schema;
  /** Values for a uuid named `name` (real resources the test made, and random ones). */
  uuid(name: string | undefined): fc.Arbitrary<string>;
  /** Integers named `name` worth trying besides random ones in range (e.g. revision 1). */
  integer?(name: string | undefined): fc.Arbitrary<number> | undefined;
  /** Whether the document's schema takes `value` (for constraints generation does not build in). */
  accepts?(schema: Schema, value: unknown): boolean;
  /** Strings named `name` worth trying besides random ones (e.g. a well-formed cursor). */
  string?(name: string | undefined): fc.Arbitrary<string> | undefined;
}

const WORD = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -_.'];
const MAX_ITEMS = 3;
const MAX_TEXT = 40;

function text(s: Schema): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = Math.max(minLength, Math.min(s.maxLength ?? MAX_TEXT, MAX_TEXT));
  if (s.pattern) {
    return fc
      .stringMatching(new RegExp(s.pattern))
      .filter((v) => v.length >= minLength && v.length <= (s.maxLength ?? Number.MAX_SAFE_INTEGER));
  }
  // Words, never blank at the ends: zod trims, and a blank name is a 400 we test on purpose elsewhere.
  return fc
    .string({ unit: fc.constantFrom(...WORD), minLength, maxLength })
    .map((v) => v.replace(/^ | $/g, 'x'));
}

function number(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const min =
    s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + (integer ? 1 : 1e-9) : -1e6);
  const max =
    s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - (integer ? 1 : 1e-9) : 1e6);
  if (integer) return fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v));
}

/** Mostly the hinted values (real resources, well-formed tokens), sometimes any. */
function mixed<T>(hinted: fc.Arbitrary<T> | undefined, any: fc.Arbitrary<T>): fc.Arbitrary<T> {
  return hinted ? fc.oneof({ weight: 3, arbitrary: hinted }, { weight: 1, arbitrary: any }) : any;
}

/** An object with its required keys, and each optional one half of the time. */
export function presentOrNot(
  model: Record<string, fc.Arbitrary<unknown>>,
  required: string[],
): fc.Arbitrary<Record<string, unknown>> {
  const maybe = Object.fromEntries(
    Object.entries(model).map(([k, a]) => [
      k,
      required.includes(k) ? a : fc.option(a, { nil: undefined, freq: 2 }),
    ]),
  );
  return fc
    .record(maybe)
    .map((o) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)));
}

/** Valid values of `schema` (`name`: the property or parameter it is, for hints). */
export function valid(schema: Schema, g: Generation, name?: string): fc.Arbitrary<unknown> {
  if (schema.$ref) return valid(g.resolve(schema.$ref), g, name);
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return fc.oneof(...options.map((o) => valid(o, g, name)));
  if (Array.isArray(schema.type)) {
    return fc.oneof(...schema.type.map((type) => valid({ ...schema, type }, g, name)));
  }
  switch (schema.type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer': {
      return mixed(g.integer?.(name), number(schema, true));
    }
    case 'number':
      return number(schema, false);
    case 'string':
      if (schema.format === 'uuid') return g.uuid(name);
      if (schema.format === 'date-time')
        return fc
          .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString());
      return mixed(g.string?.(name), text(schema));
    case 'array':
      return fc.array(valid(schema.items ?? {}, g, name), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? MAX_ITEMS, MAX_ITEMS)),
      });
    case 'object': {
      const properties = schema.properties ?? {};
      const record = presentOrNot(
        Object.fromEntries(Object.entries(properties).map(([k, s]) => [k, valid(s, g, k)])),
        schema.required ?? [],
      );
      const least = schema.minProperties ?? 0;
      return least > 0 ? record.filter((o) => Object.keys(o).length >= least) : record;
    }
    default:
      return fc.constant(null);
  }
}

const jsonType = (v: unknown) =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? 'number' : typeof v;

/** The JSON types a schema allows (integer counts as number). */
function types(schema: Schema, g: Generation): Set<string> {
  if (schema.$ref) return types(g.resolve(schema.$ref), g);
  if (schema.const !== undefined) return new Set([jsonType(schema.const)]);
  if (schema.enum) return new Set(schema.enum.map(jsonType));
  const options = schema.anyOf ?? schema.oneOf;
  if (options) return new Set(options.flatMap((o) => [...types(o, g)]));
  const list = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  if (list.length === 0) return new Set(['string', 'number', 'boolean', 'array', 'object', 'null']);
  return new Set(list.map((t) => (t === 'integer' ? 'number' : t)));
}

/** Values no value of `schema` can be (undefined when it takes anything). */
export function wrongTyped(schema: Schema, g: Generation): fc.Arbitrary<unknown> | undefined {
  const allowed = types(schema, g);
  const candidates = [12345, 'not-what-you-think', true, [1, 2], { unexpected: 1 }, null].filter(
    (v) => !allowed.has(jsonType(v)),
  );
  return candidates.length ? fc.constantFrom(...candidates) : undefined;
}
