import type { Translate } from '../../../lib/use-t';
import type { WebhookEndpoint } from '../webhooks.api';

/**
 * An event type in plain words in the UI's language; the server's English description for a type this
 * version of the app does not know yet. (`generation.completed` → key `generation_completed`: i18next
 * reads '.' as nesting.)
 */
export function describeEventType(t: Translate, type: string, description?: string): string {
  const key = `developer:eventTypes.${type.replace(/[.:]/g, '_')}` as 'developer:eventTypes.webhook_test';
  return t(key, { defaultValue: description || type });
}

/** Why an endpoint is off, in plain words. */
export function describeDisabled(t: Translate, endpoint: WebhookEndpoint): string {
  const reason = endpoint.disabledReason ?? 'manual';
  const key = `developer:webhooks.disabledReasons.${reason}` as 'developer:webhooks.disabledReasons.manual';
  return t(key, { defaultValue: t('developer:webhooks.disabledReasons.other') });
}
