import type { NotifyDeps } from './deps';
import { onPaymentReminder, onSubscriptionChanged } from './on-billing';
import { onCommentCreated } from './on-comment';
import { onWebhookDisabled } from './on-developer';
import {
  onAwaitingSelection,
  onCompleted,
  onContentRejected,
  onFailed,
  onSampleReady,
} from './on-generation';
import { onMemberAdded, onMemberRemoved, onUserDeleted } from './on-team';

export const handlers = (deps: NotifyDeps) => [
  onSampleReady(deps),
  onAwaitingSelection(deps),
  onCompleted(deps),
  onFailed(deps),
  onContentRejected(deps),
  onPaymentReminder(deps),
  onSubscriptionChanged(deps),
  onMemberAdded(deps),
  onMemberRemoved(deps),
  onCommentCreated(deps),
  onWebhookDisabled(deps),
  onUserDeleted(),
];
