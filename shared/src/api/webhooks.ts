import * as z from 'zod';
import { webhookDeliveryStates } from '../db/schema/developer';
import { pageQuery } from '../http/pagination';
import { subscribableTypes } from '../webhooks/event-types';
import { type ApiOperation, idParams, timestamp, uuid } from './common';

// --- Requests (the webhooks function validates with these) --------------------------------------

/** http(s) only here; whether http is allowed and where the host points is policy (422 webhook_url_refused). */
const url = z
  .url({ protocol: /^https?$/ })
  .max(2048)
  .describe('https (http only where the platform allows it); private and loopback addresses are refused');

const eventTypes = z
  .array(z.enum(subscribableTypes))
  .min(1)
  .max(subscribableTypes.length)
  .transform((types) => [...new Set(types)]);

const description = z.string().trim().max(500);

export const createEndpointBody = z.strictObject({ url, eventTypes, description: description.optional() });
export type CreateEndpointBody = z.infer<typeof createEndpointBody>;

export const patchEndpointBody = z
  .strictObject({
    url: url.optional(),
    eventTypes: eventTypes.optional(),
    description: description.optional(),
    enabled: z.boolean().optional().describe('`true` re-enables a disabled endpoint, `false` disables it'),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'Give at least one field to change' })
  .meta({ minProperties: 1 });
export type PatchEndpointBody = z.infer<typeof patchEndpointBody>;

export const deliveryParams = z.strictObject({ id: uuid('an id'), deliveryId: uuid('a delivery id') });
export const deliveriesQuery = z.strictObject({
  ...pageQuery,
  state: z.enum(webhookDeliveryStates).optional(),
});

// --- Responses (webhooks/src/present.ts and the service) -----------------------------------------

export const webhookEndpointView = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.enum(subscribableTypes)),
  enabled: z.boolean(),
  disabledAt: timestamp.nullable(),
  disabledReason: z
    .string()
    .nullable()
    .describe('`failure_streak` (disabled by the platform) or `manual`; null while enabled'),
  failureStreak: z.number().int().describe('Deliveries that failed in a row'),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const webhookDeliveryView = z.object({
  id: z.uuid().describe('The `webhook-id` header of every try'),
  endpointId: z.uuid(),
  eventType: z.string().describe('A subscribable type, or `webhook.test` for a test ping'),
  state: z.enum(webhookDeliveryStates),
  attempts: z.number().int().describe('Tries in the current round'),
  round: z.number().int().describe('A manual redelivery starts a new round'),
  lastStatus: z.number().int().nullable(),
  lastLatencyMs: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
  deliveredAt: timestamp.nullable(),
});

export const webhookAttemptView = z.object({
  id: z.number().int(),
  round: z.number().int(),
  attempt: z.number().int(),
  trigger: z.enum(['auto', 'manual', 'test']),
  status: z.number().int().nullable().describe("The receiver's HTTP status; null when none came"),
  latencyMs: z.number().int(),
  error: z.string().nullable(),
  createdAt: timestamp,
});

export const webhookEndpointList = z.object({
  items: z.array(webhookEndpointView),
  limit: z.number().int().describe('How many endpoints an account may have'),
});
export const webhookEndpointCreated = z.object({
  endpoint: webhookEndpointView,
  secret: z.string().describe('The signing secret (`whsec_…`): verify `webhook-signature` with it'),
});
export const webhookSecret = z.object({ secret: z.string() });
export const webhookDeliveryAccepted = z.object({ delivery: webhookDeliveryView });
export const webhookDeliveryPage = z.object({
  items: z.array(webhookDeliveryView),
  nextCursor: z.string().nullable().describe('The `cursor` of the next page; null on the last page'),
});
export const webhookDeliveryDetail = z.object({
  delivery: webhookDeliveryView.extend({
    payload: z.record(z.string(), z.unknown()).describe('The body sent: `{ type, timestamp, data }`'),
  }),
  attempts: z.array(webhookAttemptView).describe('Every try, oldest first'),
});
export const webhookEventTypeList = z.object({
  items: z.array(z.object({ type: z.string(), description: z.string() })),
});

export const webhookSchemas = {
  WebhookEndpoint: webhookEndpointView,
  WebhookEndpointList: webhookEndpointList,
  WebhookEndpointCreated: webhookEndpointCreated,
  WebhookSecret: webhookSecret,
  WebhookDelivery: webhookDeliveryView,
  WebhookDeliveryAccepted: webhookDeliveryAccepted,
  WebhookDeliveryPage: webhookDeliveryPage,
  WebhookDeliveryDetail: webhookDeliveryDetail,
  WebhookAttempt: webhookAttemptView,
  WebhookEventTypeList: webhookEventTypeList,
};

// --- Operations ---------------------------------------------------------------------------------

const tag = 'Webhooks';
const BASE = '/v1/developer/webhooks';
const endpoint = { description: 'The endpoint', schema: webhookEndpointView };
const secret = { description: 'The signing secret', schema: webhookSecret };
const accepted = { description: 'Accepted: watch it in the delivery log', schema: webhookDeliveryAccepted };

export const webhookOperations: ApiOperation[] = [
  {
    operationId: 'listWebhookEventTypes',
    method: 'get',
    path: `${BASE}/event-types`,
    tag,
    summary: 'The event types an endpoint can subscribe to',
    responses: { 200: { description: 'The event types', schema: webhookEventTypeList } },
  },
  {
    operationId: 'listWebhookEndpoints',
    method: 'get',
    path: BASE,
    tag,
    summary: "The caller's webhook endpoints (newest first)",
    responses: { 200: { description: 'The endpoints', schema: webhookEndpointList } },
  },
  {
    operationId: 'createWebhookEndpoint',
    method: 'post',
    path: BASE,
    tag,
    summary: 'Add an endpoint: its signing secret is in the answer',
    body: createEndpointBody,
    responses: { 201: { description: 'Created', schema: webhookEndpointCreated, location: true } },
    errors: [409, 422],
  },
  {
    operationId: 'getWebhookEndpoint',
    method: 'get',
    path: `${BASE}/:id`,
    tag,
    summary: 'Get an endpoint',
    params: idParams,
    responses: { 200: endpoint },
  },
  {
    operationId: 'updateWebhookEndpoint',
    method: 'patch',
    path: `${BASE}/:id`,
    tag,
    summary: 'Change the URL, event types or description; enable or disable',
    params: idParams,
    body: patchEndpointBody,
    responses: { 200: endpoint },
    errors: [422],
  },
  {
    operationId: 'deleteWebhookEndpoint',
    method: 'delete',
    path: `${BASE}/:id`,
    tag,
    summary: 'Delete an endpoint with its delivery log',
    params: idParams,
    responses: { 204: { description: 'Deleted' } },
  },
  {
    operationId: 'getWebhookSecret',
    method: 'get',
    path: `${BASE}/:id/secret`,
    tag,
    summary: "The endpoint's signing secret",
    params: idParams,
    responses: { 200: secret },
  },
  {
    operationId: 'rotateWebhookSecret',
    method: 'post',
    path: `${BASE}/:id/secret/rotate`,
    tag,
    summary: 'A new signing secret, used from the next try on',
    params: idParams,
    responses: { 200: secret },
  },
  {
    operationId: 'sendWebhookTest',
    method: 'post',
    path: `${BASE}/:id/test`,
    tag,
    summary: 'Send a `webhook.test` ping',
    params: idParams,
    responses: { 202: accepted },
  },
  {
    operationId: 'listWebhookDeliveries',
    method: 'get',
    path: `${BASE}/:id/deliveries`,
    tag,
    summary: "The endpoint's delivery log (newest first)",
    params: idParams,
    query: deliveriesQuery,
    responses: { 200: { description: 'A page of deliveries', schema: webhookDeliveryPage } },
  },
  {
    operationId: 'getWebhookDelivery',
    method: 'get',
    path: `${BASE}/:id/deliveries/:deliveryId`,
    tag,
    summary: 'A delivery with its payload and every try',
    params: deliveryParams,
    responses: { 200: { description: 'The delivery', schema: webhookDeliveryDetail } },
  },
  {
    operationId: 'redeliverWebhook',
    method: 'post',
    path: `${BASE}/:id/deliveries/:deliveryId/redeliver`,
    tag,
    summary: 'Send a delivery again (a new round, the same `webhook-id`)',
    params: deliveryParams,
    responses: { 202: accepted },
  },
];
