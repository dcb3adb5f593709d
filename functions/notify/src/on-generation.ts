import { generation } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import { publishLive } from '@atelier/shared/notifications/live';
import { deliver } from './deliver';
import type { NotifyDeps } from './deps';
import { projectName } from './lookups';

const studio = (projectId: string, generationId: string) =>
  `/projects/${projectId}/studio?generation=${generationId}`;

/** Progress for the studio: pushed live to the requester only, never stored or mailed. */
export const onSampleReady = (deps: NotifyDeps) =>
  onEvent(generation.sampleReady, async (event, { afterCommit }) => {
    const { userId, generationId, projectId, batch, sampleId, index } = event.data;
    afterCommit(() =>
      publishLive(deps.redis, userId, {
        kind: 'progress',
        type: 'generation.sample_ready',
        data: { generationId, projectId, batch, sampleId, index },
        at: new Date(event.time).toISOString(),
      }),
    );
  });

export const onAwaitingSelection = (deps: NotifyDeps) =>
  onEvent(generation.awaitingSelection, async (event, { tx, afterCommit }) => {
    const d = event.data;
    const project = await projectName(tx, d.projectId);
    await deliver(
      deps,
      tx,
      event.id,
      [
        {
          userId: d.userId,
          type: 'generation.samples_ready',
          title: `Samples for "${project}" are ready`,
          data: {
            generationId: d.generationId,
            projectId: d.projectId,
            projectName: project,
            batch: d.batch,
            delivered: d.delivered,
          },
          mail: {
            template: 'notify_samples_ready',
            vars: { project },
            path: studio(d.projectId, d.generationId),
          },
        },
      ],
      afterCommit,
    );
  });

export const onCompleted = (deps: NotifyDeps) =>
  onEvent(generation.generationCompleted, async (event, { tx, afterCommit }) => {
    const d = event.data;
    const project = await projectName(tx, d.projectId);
    await deliver(
      deps,
      tx,
      event.id,
      [
        {
          userId: d.userId,
          type: 'generation.final_ready',
          title: `The final for "${project}" is ready`,
          data: {
            generationId: d.generationId,
            projectId: d.projectId,
            projectName: project,
            assetId: d.assetId,
            version: d.version,
          },
          mail: {
            template: 'notify_final_ready',
            vars: { project },
            path: studio(d.projectId, d.generationId),
          },
        },
      ],
      afterCommit,
    );
  });

export const onFailed = (deps: NotifyDeps) =>
  onEvent(generation.generationFailed, async (event, { tx, afterCommit }) => {
    const d = event.data;
    const project = await projectName(tx, d.projectId);
    await deliver(
      deps,
      tx,
      event.id,
      [
        {
          userId: d.userId,
          type: 'generation.failed',
          title: `A generation for "${project}" failed`,
          data: {
            generationId: d.generationId,
            projectId: d.projectId,
            projectName: project,
            stage: d.stage,
            code: d.code,
          },
          mail: {
            template: 'notify_generation_failed',
            vars: { project },
            path: studio(d.projectId, d.generationId),
          },
        },
      ],
      afterCommit,
    );
  });

export const onContentRejected = (deps: NotifyDeps) =>
  onEvent(generation.contentRejected, async (event, { tx, afterCommit }) => {
    const d = event.data;
    const project = await projectName(tx, d.projectId);
    await deliver(
      deps,
      tx,
      event.id,
      [
        {
          userId: d.userId,
          type: 'generation.content_rejected',
          title: `A generation for "${project}" broke the content rules`,
          data: {
            generationId: d.generationId,
            projectId: d.projectId,
            projectName: project,
            stage: d.stage,
            categories: d.categories,
          },
          mail: {
            template: 'notify_content_rejected',
            vars: { project },
            path: studio(d.projectId, d.generationId),
          },
        },
      ],
      afterCommit,
    );
  });
