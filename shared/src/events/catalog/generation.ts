import * as z from 'zod';
import { defineEvent } from '../define';

/** Who a generation concerns: the notification issue turns these events into inbox items and pushes. */
const about = {
  generationId: z.uuid(),
  userId: z.uuid(),
  projectId: z.uuid(),
  ownerUserId: z.uuid().nullable(),
  teamId: z.uuid().nullable(),
};
const batch = z.number().int().positive();

/** generation-worker makes the batch's four samples from this. */
export const generationRequested = defineEvent(
  'dev.atelier.generation.requested.v1',
  z.object({ ...about, batch }),
  {
    description: 'A generation (or a regeneration: the next batch) was accepted with its credits reserved.',
    producers: ['generations'],
  },
);

export const sampleReady = defineEvent(
  'dev.atelier.generation.sample.ready.v1',
  z.object({ ...about, batch, sampleId: z.uuid(), index: z.number().int().min(0).max(3) }),
  {
    description: 'One sample of a batch passed the safety check and is in storage (they arrive one by one).',
    producers: ['generation-worker'],
  },
);

export const awaitingSelection = defineEvent(
  'dev.atelier.generation.awaiting_selection.v1',
  z.object({ ...about, batch, delivered: z.number().int().min(1).max(4), charged: z.number().int().min(0) }),
  {
    description:
      'A batch is done (at least one sample delivered) and its charge settled — captured for all 4, released for fewer: the user picks one.',
    producers: ['generation-worker'],
  },
);

/** generation-worker makes the final from this. */
export const finalRequested = defineEvent(
  'dev.atelier.generation.final.requested.v1',
  z.object({ ...about, sampleId: z.uuid(), quality: z.enum(['standard', 'high']) }),
  {
    description:
      'The user selected a sample and the final (standard or high resolution) was paid for (reserved).',
    producers: ['generations'],
  },
);

export const generationCompleted = defineEvent(
  'dev.atelier.generation.completed.v1',
  z.object({ ...about, assetId: z.uuid(), version: z.number().int().positive() }),
  {
    description: 'The final is stored as a new asset version in the project and its charge captured.',
    producers: ['generation-worker'],
  },
);

export const generationFailed = defineEvent(
  'dev.atelier.generation.failed.v1',
  z.object({ ...about, stage: z.enum(['samples', 'final']), code: z.string().max(60) }),
  {
    description: 'The samples or the final could not be made (providers down, timed out): credits released.',
    producers: ['generation-worker', 'generations'],
  },
);

export const contentRejected = defineEvent(
  'dev.atelier.generation.content_rejected.v1',
  z.object({
    ...about,
    stage: z.enum(['prompt', 'samples', 'final']),
    categories: z.array(z.string().max(60)).max(20),
  }),
  {
    description:
      'The prompt, every sample or the final broke the content rules: nothing shown, nothing charged.',
    producers: ['generation-worker'],
  },
);
