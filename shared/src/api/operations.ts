import type * as z from 'zod';
import { designDocument } from '../creative/design-document';
import { assetOperations, assetSchemas } from './assets';
import { type ApiOperation, problem } from './common';
import { documentOperations, documentSchemas } from './documents';
import { generationOperations, generationSchemas } from './generations';
import { projectOperations, projectSchemas } from './projects';
import { webhookOperations, webhookSchemas } from './webhooks';
import { workbenchOperations, workbenchSchemas } from './workbenches';

/** Every operation of the public API, in the order the document lists them. */
export const apiOperations: ApiOperation[] = [
  ...generationOperations,
  ...workbenchOperations,
  ...projectOperations,
  ...documentOperations,
  ...assetOperations,
  ...webhookOperations,
];

/** The tags in the order the docs page shows them, with a line each. */
export const apiTags = [
  { name: 'Generations', description: 'AI generations: request, poll, select a sample, get the final' },
  { name: 'Workbenches', description: 'Workbenches group projects (a person’s own or a team’s)' },
  { name: 'Projects', description: 'Projects: a format, a design document and assets' },
  { name: 'Design documents', description: "A project's design document, its revisions and history" },
  { name: 'Assets', description: 'Images of a project: presigned uploads, versions, downloads' },
  {
    name: 'Webhooks',
    description:
      'Endpoints that receive events, signed per Standard Webhooks (`webhook-id`, `webhook-timestamp`, ' +
      '`webhook-signature`), with a delivery log, redelivery and test pings',
  },
];

/** Named response schemas: `#/components/schemas/<name>` (responses are described as answered). */
export const responseSchemas: Record<string, z.ZodType> = {
  Error: problem,
  ...generationSchemas,
  ...workbenchSchemas,
  ...projectSchemas,
  ...documentSchemas,
  ...assetSchemas,
  ...webhookSchemas,
};

/** Named request schemas (what clients send; defaults may be left out). */
export const requestSchemas: Record<string, z.ZodType> = {
  DesignDocumentInput: designDocument,
};
