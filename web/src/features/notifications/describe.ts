import type { Translate } from '../../lib/use-t';
import type { Notification } from './notifications.api';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** Keys of notifications.json `types` (i18next reads dots as nesting, so the type's dot is an underscore). */
export const typeKeys = {
  'generation.samples_ready': 'generation_samples_ready',
  'generation.final_ready': 'generation_final_ready',
  'generation.failed': 'generation_failed',
  'generation.content_rejected': 'generation_content_rejected',
  'billing.payment_reminder': 'billing_payment_reminder',
  'billing.subscription_changed': 'billing_subscription_changed',
  'team.member_added': 'team_member_added',
  'team.member_removed': 'team_member_removed',
  'comment.mentioned': 'comment_mentioned',
  'comment.created': 'comment_created',
  'developer.webhook_disabled': 'developer_webhook_disabled',
} as const;
export type KnownType = keyof typeof typeKeys;
export const isKnownType = (t: string): t is KnownType => t in typeKeys;

/**
 * The sentence and the link of a notification in the reader's language (the server's `title` is
 * English, kept for types this build does not know yet).
 */
export function describeNotification(t: Translate, n: Notification): { text: string; href: string | null } {
  const d = n.data;
  const vars = {
    project: str(d.projectName),
    author: str(d.authorName),
    team: str(d.teamName),
    host: str(d.host),
  };
  const text = isKnownType(n.type) ? t(`notifications:types.${typeKeys[n.type]}`, vars) : n.title;
  const projectId = str(d.projectId);
  let href: string | null = null;
  if (n.type.startsWith('generation.') && projectId) {
    const g = str(d.generationId);
    href = `/projects/${projectId}/studio${g ? `?generation=${g}` : ''}`;
  } else if (n.type.startsWith('comment.') && projectId) {
    const c = str(d.commentId);
    href = `/projects/${projectId}/canvas${c ? `?comment=${c}` : ''}`;
  } else if (n.type.startsWith('billing.')) {
    href = d.teamId ? `/billing?teamId=${str(d.teamId)}` : '/billing';
  } else if (n.type === 'team.member_added' && d.teamId) {
    href = `/teams/${str(d.teamId)}`;
  } else if (n.type === 'developer.webhook_disabled' && d.endpointId) {
    href = `/developer/webhooks/${str(d.endpointId)}`;
  }
  return { text, href };
}
