import { webhookDeliveryStates } from '@atelier/shared/db/schema';
import { pageQuery } from '@atelier/shared/http/pagination';
import { subscribableTypes } from '@atelier/shared/webhooks/event-types';
import * as z from 'zod';

/** http(s) only here; whether http is allowed and where the host points is policy (422 webhook_url_refused). */
const url = z.url({ protocol: /^https?$/ }).max(2048);

const eventTypes = z
  .array(z.enum(subscribableTypes))
  .min(1)
  .max(subscribableTypes.length)
  .transform((types) => [...new Set(types)]);

const description = z.string().trim().max(500);

export const createBody = z.strictObject({ url, eventTypes, description: description.optional() });
export type CreateBody = z.infer<typeof createBody>;

export const patchBody = z
  .strictObject({
    url: url.optional(),
    eventTypes: eventTypes.optional(),
    description: description.optional(),
    enabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'Give at least one field to change' });
export type PatchBody = z.infer<typeof patchBody>;

export const idParams = z.object({ id: z.uuid() });
export const deliveryParams = z.object({ id: z.uuid(), deliveryId: z.uuid() });
export const deliveriesQuery = z.strictObject({
  ...pageQuery,
  state: z.enum(webhookDeliveryStates).optional(),
});
