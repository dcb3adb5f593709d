import { generation } from '../events/catalog';
import type { EventData } from '../events/define';

/**
 * The event types an endpoint can subscribe to (docs/webhooks.md): public names, stable across the
 * platform's internal versions. `webhook.test` is sent by a test ping only and cannot be subscribed.
 */
export const webhookEventTypes = [
  {
    type: 'generation.samples_ready',
    description: 'A batch of samples is ready: the generation awaits a selection.',
  },
  {
    type: 'generation.completed',
    description: 'The final image is stored as a new asset version in the project.',
  },
  {
    type: 'generation.failed',
    description: 'The samples or the final could not be made; the credits held were released.',
  },
  {
    type: 'generation.content_rejected',
    description: 'The prompt, every sample or the final broke the content rules; nothing was charged.',
  },
] as const;

export type WebhookEventType = (typeof webhookEventTypes)[number]['type'];
export const subscribableTypes = webhookEventTypes.map((t) => t.type) as [
  WebhookEventType,
  ...WebhookEventType[],
];
export const TEST_EVENT_TYPE = 'webhook.test';

/** The body of every webhook: what happened, when, and its data (ids, state, links; never secrets). */
export interface WebhookPayload {
  type: string;
  /** When the event happened (ISO 8601), not when this try was sent (that is `webhook-timestamp`). */
  timestamp: string;
  data: Record<string, unknown>;
}

type Source =
  | typeof generation.awaitingSelection
  | typeof generation.generationCompleted
  | typeof generation.generationFailed
  | typeof generation.contentRejected;

type About = EventData<typeof generation.generationCompleted>;

/** A platform event as a webhook: its public type, the user whose endpoints get it, and its payload. */
export interface Outgoing {
  type: WebhookEventType;
  userId: string;
  payload: WebhookPayload;
}

const base = (d: Pick<About, 'generationId' | 'projectId' | 'teamId'>, publicUrl: string) => ({
  generationId: d.generationId,
  projectId: d.projectId,
  teamId: d.teamId,
  links: { generation: `${publicUrl}/v1/generations/${d.generationId}` },
});

const outgoing = (
  type: WebhookEventType,
  userId: string,
  timestamp: string,
  data: Record<string, unknown>,
): Outgoing => ({ type, userId, payload: { type, timestamp, data } });

/** The platform events webhooks are made from, each with its mapping to the public form. */
export const webhookSources: Array<{
  def: Source;
  toWebhook(data: unknown, time: string, publicUrl: string): Outgoing;
}> = [
  {
    def: generation.awaitingSelection,
    toWebhook(data, time, publicUrl) {
      const d = data as EventData<typeof generation.awaitingSelection>;
      return outgoing('generation.samples_ready', d.userId, time, {
        ...base(d, publicUrl),
        state: 'awaiting_selection',
        batch: d.batch,
        samplesDelivered: d.delivered,
      });
    },
  },
  {
    def: generation.generationCompleted,
    toWebhook(data, time, publicUrl) {
      const d = data as EventData<typeof generation.generationCompleted>;
      const b = base(d, publicUrl);
      return outgoing('generation.completed', d.userId, time, {
        ...b,
        state: 'completed',
        assetId: d.assetId,
        assetVersion: d.version,
        links: { ...b.links, asset: `${publicUrl}/v1/assets/${d.assetId}` },
      });
    },
  },
  {
    def: generation.generationFailed,
    toWebhook(data, time, publicUrl) {
      const d = data as EventData<typeof generation.generationFailed>;
      return outgoing('generation.failed', d.userId, time, {
        ...base(d, publicUrl),
        state: 'failed',
        stage: d.stage,
        code: d.code,
      });
    },
  },
  {
    def: generation.contentRejected,
    toWebhook(data, time, publicUrl) {
      const d = data as EventData<typeof generation.contentRejected>;
      return outgoing('generation.content_rejected', d.userId, time, {
        ...base(d, publicUrl),
        state: 'content_rejected',
        stage: d.stage,
        categories: d.categories,
      });
    },
  },
];

/** The body of a test ping. */
export const testPayload = (endpointId: string, now: Date): WebhookPayload => ({
  type: TEST_EVENT_TYPE,
  timestamp: now.toISOString(),
  data: { endpointId, message: 'A test ping from Atelier: your endpoint is reachable.' },
});
