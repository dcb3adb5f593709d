/**
 * The generations API's request schemas are part of the public API's contract (shared/src/api), from
 * which its OpenAPI document is generated: one definition validates requests and describes them.
 */
export {
  type CreateGenerationBody as CreateBody,
  createGenerationBody as createBody,
  generationIdParams as idParams,
  listGenerationsQuery as listQuery,
  PROMPT_MAX,
  quoteQuery,
  selectSampleBody as selectBody,
} from '@atelier/shared/api/generations';
