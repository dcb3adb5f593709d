import * as z from 'zod';
import { defineEvent } from '../define';

const owner = { ownerUserId: z.uuid().nullable(), teamId: z.uuid().nullable() };

export const projectCreated = defineEvent(
  'dev.atelier.creative.project.created.v1',
  z.object({
    projectId: z.uuid(),
    workbenchId: z.uuid(),
    templateId: z.uuid().nullable(),
    createdBy: z.uuid(),
    ...owner,
  }),
  {
    description: 'A project was created in a workbench (from a template or blank).',
    producers: ['workbenches'],
  },
);

/** Consumers remove what they keep for the project (asset files, generation outputs). */
export const projectDeleted = defineEvent(
  'dev.atelier.creative.project.deleted.v1',
  z.object({ projectId: z.uuid(), workbenchId: z.uuid(), deletedBy: z.uuid(), ...owner }),
  {
    description:
      'A project was deleted (itself, or with its workbench); its rows are gone, its files go next.',
    producers: ['workbenches'],
  },
);

export const designDocumentUpdated = defineEvent(
  'dev.atelier.creative.design_document.updated.v1',
  z.object({ projectId: z.uuid(), revision: z.number().int().positive(), updatedBy: z.uuid() }),
  {
    description: "A project's design document has a new revision (saved or restored).",
    producers: ['workbenches', 'collab'],
  },
);
