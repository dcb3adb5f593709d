/**
 * The webhook API's request schemas are part of the public API's contract (shared/src/api), from which
 * its OpenAPI document is generated: one definition validates requests and describes them.
 */
export { idParams } from '@atelier/shared/api/common';
export {
  type CreateEndpointBody as CreateBody,
  createEndpointBody as createBody,
  deliveriesQuery,
  deliveryParams,
  type PatchEndpointBody as PatchBody,
  patchEndpointBody as patchBody,
} from '@atelier/shared/api/webhooks';
