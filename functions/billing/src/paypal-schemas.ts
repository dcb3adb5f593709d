import { packIds } from '@atelier/shared/billing/plans';
import * as z from 'zod';

/** POST /v1/billing/paypal/orders: a pack, for oneself or (as its admin) a team. */
export const paypalOrderBody = z.strictObject({
  pack: z.enum(packIds),
  teamId: z.uuid().optional(),
});

export const paypalOrderParams = z.object({ orderId: z.uuid() });
