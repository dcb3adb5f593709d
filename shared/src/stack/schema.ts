import { Cron } from 'croner';
import * as z from 'zod';

/**
 * stack.yml in the OpenFaaS stack format 1.0 (the fields of faas-cli's go-sdk `stack/schema.go`),
 * strict so that a misspelt key (e.g. `read_only_root_filesystem`) is refused, plus the project's
 * own `atelier.dev/*` annotations documented in docs/operations.md.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const GO_DURATION = /^([0-9]+(\.[0-9]+)?(ms|s|m|h))+$/;
const EVENT_TYPE = /^[a-z0-9]+(\.[a-z0-9_]+)+$/;

const resources = z.strictObject({
  memory: z.string().regex(QUANTITY, 'must be a Kubernetes quantity such as 128Mi').optional(),
  cpu: z.string().regex(QUANTITY, 'must be a Kubernetes quantity such as 100m').optional(),
  'nvidia.com/gpu': z
    .string()
    .regex(/^[0-9]+$/)
    .optional(),
});

const intString = (min: number, max: number) =>
  z
    .string()
    .regex(/^[0-9]+$/, 'must be a whole number written as a string')
    .refine((v) => Number(v) >= min && Number(v) <= max, `must be between ${min} and ${max}`);

/** Validates one well-known key of a label or annotation map, reporting at that key's path. */
const checker =
  (map: Record<string, string>, ctx: z.core.$RefinementCtx) =>
  (key: string, schema: z.ZodType): void => {
    if (map[key] === undefined) return;
    const r = schema.safeParse(map[key]);
    if (!r.success)
      ctx.addIssue({ code: 'custom', path: [key], message: r.error.issues[0]?.message ?? 'invalid' });
  };

const labels = z
  .record(z.string(), z.string())
  .superRefine((l, ctx) => {
    const check = checker(l, ctx);
    check('com.openfaas.scale.min', intString(0, 1000));
    check('com.openfaas.scale.max', intString(1, 1000));
    check('com.openfaas.scale.zero', z.enum(['true', 'false'], 'must be "true" or "false"'));
    check(
      'com.openfaas.scale.zero-duration',
      z.string().regex(GO_DURATION, 'must be a Go duration such as 15m or 30s'),
    );
    const min = Number(l['com.openfaas.scale.min'] ?? 0);
    const max = Number(l['com.openfaas.scale.max'] ?? 1000);
    if (min > max)
      ctx.addIssue({
        code: 'custom',
        path: ['com.openfaas.scale.min'],
        message: 'must not exceed com.openfaas.scale.max',
      });
  })
  .optional();

const annotations = z
  .record(z.string(), z.string())
  .superRefine((a, ctx) => {
    const check = checker(a, ctx);
    check(
      'topic',
      z
        .string()
        .refine(
          (v) => v.split(',').every((t) => t.trim() === 'cron-function' || EVENT_TYPE.test(t.trim())),
          'must be a comma-separated list of event types (or cron-function)',
        ),
    );
    check(
      'schedule',
      z.string().refine((v) => {
        try {
          new Cron(v, { paused: true });
          return v.trim().split(/\s+/).length === 5;
        } catch {
          return false;
        }
      }, 'must be a five-field cron expression such as */5 * * * *'),
    );
    check(
      'atelier.dev/route',
      z
        .string()
        .refine(
          (v) => v.split(',').every((r) => /^\/[A-Za-z0-9/_.-]*$/.test(r.trim())),
          'must be comma-separated paths starting with /',
        ),
    );
    check('atelier.dev/long-running', z.enum(['true', 'false'], 'must be "true" or "false"'));
    check('atelier.dev/public', z.enum(['true', 'false'], 'must be "true" or "false"'));
    check('atelier.dev/retry', intString(0, 20));
    check('atelier.dev/retry-backoff', z.string().regex(GO_DURATION, 'must be a Go duration such as 500ms'));
    check('atelier.dev/concurrency', intString(1, 1000));
    check('atelier.dev/prefetch', intString(1, 1000));
    check('atelier.dev/timeout', z.string().regex(GO_DURATION, 'must be a Go duration such as 30s'));
    check('atelier.dev/body-limit', z.string().regex(QUANTITY, 'must be a quantity such as 1Mi'));
    if (a.topic?.includes('cron-function') && !a.schedule) {
      ctx.addIssue({
        code: 'custom',
        path: ['schedule'],
        message: 'is required when topic includes cron-function',
      });
    }
  })
  .optional();

export const functionSchema = z.strictObject({
  lang: z.string().min(1, 'is required'),
  handler: z.string().min(1, 'is required'),
  image: z.string().min(1, 'is required'),
  fprocess: z.string().optional(),
  environment: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String))
    .optional(),
  environment_file: z.array(z.string()).optional(),
  secrets: z.array(z.string().regex(DNS_LABEL, 'secret names must be DNS labels')).optional(),
  skip_build: z.boolean().optional(),
  constraints: z.array(z.string().regex(/^[^=]+=[^=]*$/, 'must look like key=value')).optional(),
  labels,
  annotations,
  limits: resources.optional(),
  requests: resources.optional(),
  readonly_root_filesystem: z.boolean().optional(),
  build_options: z.array(z.string()).optional(),
  build_args: z.record(z.string(), z.string()).optional(),
  namespace: z.string().regex(DNS_LABEL).optional(),
  platforms: z.string().optional(),
  build_secrets: z.record(z.string(), z.string()).optional(),
});

export const stackSchema = z.strictObject({
  // YAML reads an unquoted 1.0 as the number 1.
  version: z.union([z.literal('1.0'), z.literal(1)], 'the only valid version is "1.0"').optional(),
  provider: z.strictObject({
    name: z.literal('openfaas', "['openfaas'] is the only valid provider.name"),
    gateway: z.string().optional(),
  }),
  functions: z
    .record(
      z
        .string()
        .regex(DNS_LABEL, 'function names must be DNS labels ([a-z0-9-], at most 63 characters)')
        .max(63),
      functionSchema,
    )
    .refine((f) => Object.keys(f).length > 0, 'at least one function is required'),
  configuration: z
    .strictObject({
      templates: z.array(z.strictObject({ name: z.string(), source: z.string().optional() })).optional(),
      copy: z.array(z.string()).optional(),
    })
    .optional(),
});

export type StackFile = z.infer<typeof stackSchema>;
export type StackFunction = z.infer<typeof functionSchema>;
