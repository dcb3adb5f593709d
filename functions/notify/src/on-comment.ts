import { collab } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import { deliver, type Outgoing } from './deliver';
import type { NotifyDeps } from './deps';
import { projectName, teamMemberIds, userName } from './lookups';

/**
 * Mentioned people get `comment.mentioned`; everyone else who may view the project (its owner user,
 * or every member of its team: all roles may view) gets `comment.created`; the author gets nothing.
 * A mention of someone who may not view the project is dropped.
 */
export const onCommentCreated = (deps: NotifyDeps) =>
  onEvent(collab.commentCreated, async (event, { tx, afterCommit }) => {
    const d = event.data;
    const viewers = d.ownerUserId ? [d.ownerUserId] : d.teamId ? await teamMemberIds(tx, d.teamId) : [];
    const mentioned = new Set(d.mentions.filter((id) => viewers.includes(id) && id !== d.authorId));
    const [project, author] = await Promise.all([projectName(tx, d.projectId), userName(tx, d.authorId)]);
    const path = `/projects/${d.projectId}/canvas?comment=${d.commentId}`;
    const data = {
      commentId: d.commentId,
      projectId: d.projectId,
      projectName: project,
      layerId: d.layerId,
      authorId: d.authorId,
      authorName: author,
      excerpt: d.excerpt,
    };
    const items: Outgoing[] = viewers
      .filter((id) => id !== d.authorId)
      .map((userId) =>
        mentioned.has(userId)
          ? {
              userId,
              type: 'comment.mentioned',
              title: `${author} mentioned you in "${project}"`,
              data,
              mail: {
                template: 'notify_comment_mentioned',
                vars: { author, project, excerpt: d.excerpt },
                path,
              },
            }
          : {
              userId,
              type: 'comment.created',
              title: `${author} commented on "${project}"`,
              data,
              mail: {
                template: 'notify_comment_created',
                vars: { author, project, excerpt: d.excerpt },
                path,
              },
            },
      );
    await deliver(deps, tx, event.id, items, afterCommit);
  });
