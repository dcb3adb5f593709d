import { generation } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import type { EventData } from '@atelier/shared/events/define';
import { publishLive } from '@atelier/shared/notifications/live';
import { deliver, type Outgoing } from './deliver';
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

type Outcome =
  | typeof generation.awaitingSelection
  | typeof generation.generationCompleted
  | typeof generation.generationFailed
  | typeof generation.contentRejected;

/**
 * One outcome of a generation, told to whoever asked for it: the four differ only in their type, words,
 * mail template and the details they carry.
 */
const toRequester =
  <E extends Outcome>(
    def: E,
    type: Outgoing['type'],
    template: Outgoing['mail']['template'],
    title: (project: string) => string,
    details: (d: EventData<E>) => Record<string, unknown>,
  ) =>
  (deps: NotifyDeps) =>
    onEvent(def, async (event, { tx, afterCommit }) => {
      const d = event.data as EventData<E>;
      const project = await projectName(tx, d.projectId);
      const data = {
        generationId: d.generationId,
        projectId: d.projectId,
        projectName: project,
        ...details(d),
      };
      const mail = { template, vars: { project }, path: studio(d.projectId, d.generationId) };
      await deliver(
        deps,
        tx,
        event.id,
        [{ userId: d.userId, type, title: title(project), data, mail }],
        afterCommit,
      );
    });

export const onAwaitingSelection = toRequester(
  generation.awaitingSelection,
  'generation.samples_ready',
  'notify_samples_ready',
  (project) => `Samples for "${project}" are ready`,
  (d) => ({ batch: d.batch, delivered: d.delivered }),
);

export const onCompleted = toRequester(
  generation.generationCompleted,
  'generation.final_ready',
  'notify_final_ready',
  (project) => `The final for "${project}" is ready`,
  (d) => ({ assetId: d.assetId, version: d.version }),
);

export const onFailed = toRequester(
  generation.generationFailed,
  'generation.failed',
  'notify_generation_failed',
  (project) => `A generation for "${project}" failed`,
  (d) => ({ stage: d.stage, code: d.code }),
);

export const onContentRejected = toRequester(
  generation.contentRejected,
  'generation.content_rejected',
  'notify_content_rejected',
  (project) => `A generation for "${project}" broke the content rules`,
  (d) => ({ stage: d.stage, categories: d.categories }),
);
