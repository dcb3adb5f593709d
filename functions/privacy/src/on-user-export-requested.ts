import { dataExports, users } from '@atelier/shared/db/schema';
import { identity } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import { renderMail } from '@atelier/shared/mail/templates';
import { eq } from 'drizzle-orm';
import { strToU8, zipSync } from 'fflate';
import { collectIdentity } from './collect';
import { collectCreative } from './collect-creative';
import { collectDeveloper } from './collect-developer';
import { EXPORT_LINK_TTL_S, type PrivacyDeps, userPrefix } from './deps';

/**
 * Builds the archive: `identity.json`, `creative.json` and `developer.json` with every row about the user and `files/…`
 * with every object under their storage prefix; stores it, marks the export ready and, once that has
 * committed, emails a 24-hour link. A redelivery after success finds the export ready and does nothing.
 * All database work goes through the delivery's transaction (one connection of the pool of two).
 */
export const onUserExportRequested = (deps: PrivacyDeps) =>
  onEvent(identity.userExportRequested, async (event, { tx, afterCommit }) => {
    const { userId, exportId } = event.data;
    const [row] = await tx.select().from(dataExports).where(eq(dataExports.id, exportId));
    if (row?.status !== 'pending' || row.userId !== userId) return;
    const data = await collectIdentity(tx, userId);
    if (!data) return; // the account was deleted meanwhile
    const creative = await collectCreative(tx, userId);
    const developer = await collectDeveloper(tx, userId);
    const prefix = userPrefix(userId);
    const files: Record<string, Uint8Array> = {};
    for (const key of await deps.storage.list(prefix)) {
      if (!key.startsWith(`${prefix}exports/`))
        files[`files/${key.slice(prefix.length)}`] = await deps.storage.read(key);
    }
    const archive = zipSync({
      'identity.json': strToU8(JSON.stringify(data, null, 2)),
      'creative.json': strToU8(JSON.stringify(creative, null, 2)),
      'developer.json': strToU8(JSON.stringify(developer, null, 2)),
      'README.txt': strToU8(
        `Atelier data export ${exportId} for user ${userId}, made ${new Date(deps.clock()).toISOString()}.\n`,
      ),
      ...files,
    });
    const key = `${prefix}exports/${exportId}.zip`;
    await deps.storage.put(key, archive, 'application/zip');
    await tx
      .update(dataExports)
      .set({ status: 'ready', objectKey: key, completedAt: new Date(deps.clock()) })
      .where(eq(dataExports.id, exportId));
    const readyId = await deps.outbox.add(tx, identity.userExportReady, { userId, exportId });
    const [user] = await tx.select().from(users).where(eq(users.id, userId));
    afterCommit(async () => {
      await deps.outbox.relay([readyId]).catch(() => undefined); // the outbox sweep relays it later
      if (!user) return;
      const link = await deps.storage.downloadUrl(key, EXPORT_LINK_TTL_S, `atelier-export-${exportId}.zip`);
      const mail = renderMail('export_ready', user.language, { name: user.displayName || user.email, link });
      await deps.mailer
        .send({ to: user.email, ...mail })
        .catch((err) => deps.log.warn({ err: (err as Error).message }, 'export mail not sent'));
    });
  });
