import { identity } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import { deleteSettings } from '@atelier/shared/notifications/settings';
import { deliver, eraseInbox } from './deliver';
import type { NotifyDeps } from './deps';
import { teamName } from './lookups';

/** A new member (by invitation); the creator of a team (its first owner) is not told what they did. */
export const onMemberAdded = (deps: NotifyDeps) =>
  onEvent(identity.teamMemberAdded, async (event, { tx, afterCommit }) => {
    const d = event.data;
    if (d.role === 'owner') return;
    const team = await teamName(tx, d.teamId);
    await deliver(
      deps,
      tx,
      event.id,
      [
        {
          userId: d.userId,
          type: 'team.member_added',
          title: `You joined the team "${team}" as ${d.role}`,
          data: { teamId: d.teamId, teamName: team, role: d.role },
          mail: { template: 'notify_team_added', vars: { team }, path: `/teams/${d.teamId}` },
        },
      ],
      afterCommit,
    );
  });

/** Removed by someone else (a member who left knows). */
export const onMemberRemoved = (deps: NotifyDeps) =>
  onEvent(identity.teamMemberRemoved, async (event, { tx, afterCommit }) => {
    const d = event.data;
    if (d.by === 'left') return;
    const team = await teamName(tx, d.teamId);
    await deliver(
      deps,
      tx,
      event.id,
      [
        {
          userId: d.userId,
          type: 'team.member_removed',
          title: `You were removed from the team "${team}"`,
          data: { teamId: d.teamId, teamName: team },
          mail: { template: 'notify_team_removed', vars: { team }, path: '/teams' },
        },
      ],
      afterCommit,
    );
  });

/** Erasure: the inbox and the settings of a deleted account. */
export const onUserDeleted = () =>
  onEvent(identity.userDeleted, async (event, { tx }) => {
    await eraseInbox(tx, event.data.userId);
    await deleteSettings(tx, event.data.userId);
  });
