import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { Schema } from './arbitraries';

/** The operations of an OpenAPI document as the contract test drives them, and their answer checks. */

type Json = Record<string, unknown>;
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Schema;
}
export interface Operation {
  id: string;
  method: string;
  /** OpenAPI form: `/v1/projects/{id}`. */
  path: string;
  parameters: Parameter[];
  body?: Schema;
  /** Documented statuses; an error status refers to a shared response. */
  statuses: Set<number>;
  security: Array<Record<string, string[]>>;
}
export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

const BASE = 'https://atelier.test/openapi.json';

export class ApiDocument {
  readonly operations: Operation[];
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: Json) {
    const components = doc.components as {
      schemas: Record<string, Schema>;
      parameters: Record<string, Json>;
    };
    // Component refs (`#/components/schemas/X`) as $defs of one schema resource, for ajv.
    const defs = JSON.parse(
      JSON.stringify(components.schemas).replaceAll('#/components/schemas/', '#/$defs/'),
    );
    addFormats.default(this.ajv);
    this.ajv.addSchema({ $id: BASE, $defs: defs });
    this.operations = Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(
      ([path, item]) =>
        Object.entries(item).map(([method, op]) => ({
          id: op.operationId as string,
          method: method.toUpperCase(),
          path,
          parameters: ((op.parameters ?? []) as Json[]).map(
            (p) =>
              (p.$ref
                ? components.parameters[(p.$ref as string).split('/').pop()!]
                : p) as unknown as Parameter,
          ),
          body: (op.requestBody as { content: Record<string, { schema: Schema }> } | undefined)?.content[
            'application/json'
          ]?.schema,
          statuses: new Set(Object.keys(op.responses as Json).map(Number)),
          security: op.security as Operation['security'],
        })),
    );
  }

  /** A schema the document refers to (`#/components/schemas/X`). */
  resolve = (ref: string): Schema => {
    const name = ref.replace('#/components/schemas/', '').replace('#/$defs/', '');
    const schema = (this.doc.components as { schemas: Record<string, Schema> }).schemas[name];
    if (!schema) throw new Error(`no schema ${ref}`);
    return schema;
  };

  /** The JSON body schema documented for an answer (undefined: no body). */
  private answerSchema(op: Operation, status: number): Schema | undefined {
    const paths = this.doc.paths as Record<string, Record<string, { responses: Record<string, Json> }>>;
    let answer = paths[op.path]![op.method.toLowerCase()]!.responses[String(status)]!;
    if (answer.$ref) {
      const name = (answer.$ref as string).split('/').pop()!;
      answer = (this.doc.components as { responses: Record<string, Json> }).responses[name]!;
    }
    return (answer.content as Record<string, { schema: Schema }> | undefined)?.['application/json']?.schema;
  }

  private validator(schema: Schema): ValidateFunction {
    const ref = schema.$ref ?? JSON.stringify(schema);
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = schema.$ref
        ? this.ajv.getSchema(`${BASE}${schema.$ref.replace('#/components/schemas/', '#/$defs/')}`)!
        : this.ajv.compile(schema);
      this.compiled.set(ref, validate);
    }
    return validate;
  }

  /** Whether `value` is valid by `schema` (a schema of this document). */
  accepts = (schema: Schema, value: unknown): boolean => this.validator(schema)(value) as boolean;

  /** What is wrong with an answer to `op` by the document (an empty list when nothing). */
  problems(op: Operation, answer: Answer): string[] {
    if (!op.statuses.has(answer.status)) return [`status ${answer.status} is not documented`];
    const schema = this.answerSchema(op, answer.status);
    if (!schema)
      return answer.text === '' ? [] : [`status ${answer.status} has a body: ${answer.text.slice(0, 200)}`];
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return [`status ${answer.status}: the body is not JSON: ${answer.text.slice(0, 200)}`];
    }
    const validate = this.validator(schema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map(
      (e) => `status ${answer.status}: ${e.instancePath || '/'} ${e.message} (${JSON.stringify(e.params)})`,
    );
  }
}
