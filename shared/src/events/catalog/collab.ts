import * as z from 'zod';
import { defineEvent } from '../define';

/** notify turns this into notifications: mentions to the people named, the rest to the project's people. */
export const commentCreated = defineEvent(
  'dev.atelier.collab.comment.created.v1',
  z.object({
    commentId: z.uuid(),
    projectId: z.uuid(),
    /** The layer of the design document the comment is on, if any. */
    layerId: z.string().max(64).nullable(),
    authorId: z.uuid(),
    /** Users named with @ in the comment (who may view the project). */
    mentions: z.array(z.uuid()).max(50),
    /** The comment's first words, for the notification (the full text stays in the collab context). */
    excerpt: z.string().max(200),
    ownerUserId: z.uuid().nullable(),
    teamId: z.uuid().nullable(),
  }),
  {
    description: 'Someone commented on a project (or a layer of its design), possibly mentioning people.',
    producers: ['collab'],
  },
);
