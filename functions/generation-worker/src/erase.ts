import type { Tx } from '@atelier/shared/db';
import { generations } from '@atelier/shared/db/schema';
import { identity, projects } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import { settle } from '@atelier/shared/generation/pipeline';
import { eq, type SQL } from 'drizzle-orm';

/**
 * Generation's share of deletion: a deleted project's requests (their files went with the project's;
 * running ones release their credits first), and on account erasure every request of the user's own
 * projects (billing erases the account's credits itself).
 */
async function erase(tx: Tx, where: SQL, releaseHeld: boolean) {
  const rows = releaseHeld ? await tx.select().from(generations).where(where).for('update') : [];
  for (const g of rows) {
    if (g.state === 'processing_final') await settle(tx, g.finalReservationId, 'release', 'deleted');
    if (g.state === 'pending' || g.state === 'processing_samples')
      await settle(tx, g.samplesReservationId, 'release', 'deleted');
  }
  await tx.delete(generations).where(where);
}

export const onProjectDeleted = () =>
  onEvent(projects.projectDeleted, async (event, { tx }) => {
    await erase(tx, eq(generations.projectId, event.data.projectId), true);
  });

export const onUserDeleted = () =>
  onEvent(identity.userDeleted, async (event, { tx }) => {
    await erase(tx, eq(generations.ownerUserId, event.data.userId), false);
  });
