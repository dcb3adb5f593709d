import { packIds } from '@atelier/shared/billing/plans';
import { pageQuery } from '@atelier/shared/http/pagination';
import * as z from 'zod';

const teamId = z.uuid().optional();

export const ownerQuery = z.strictObject({ teamId });
export const listQuery = z.strictObject({ teamId, ...pageQuery });
export const ownerBody = z.strictObject({ teamId });

const selfServePlan = z.enum(['pro', 'team']);
const seats = z.number().int().min(1).max(500).optional();

export const checkoutBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('plan'), plan: selfServePlan, seats, teamId }),
  z.strictObject({ kind: z.literal('pack'), pack: z.enum(packIds), teamId }),
]);

export const changePlanBody = z.strictObject({ plan: selfServePlan, seats, teamId });
