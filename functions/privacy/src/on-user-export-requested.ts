import { dataExports, users } from '@atelier/shared/db/schema';
import { identity } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import { renderMail } from '@atelier/shared/mail/templates';
import { eq } from 'drizzle-orm';
import { strToU8, zipSync } from 'fflate';
import { collectIdentity } from './collect';
import { EXPORT_LINK_TTL_S, type PrivacyDeps, userPrefix } from './deps';

/**
 * Builds the archive: `identity.json` with every identity row about the user and `files/…` with every
 * object under their storage prefix; stores it, marks the export ready and emails a 24-hour link.
 * A redelivery after success finds the export ready and does nothing.
 */
export const onUserExportRequested = (deps: PrivacyDeps) =>
  onEvent(identity.userExportRequested, async (event) => {
    const { userId, exportId } = event.data;
    const [row] = await deps.db.select().from(dataExports).where(eq(dataExports.id, exportId));
    if (row?.status !== 'pending' || row.userId !== userId) return;
    const data = await collectIdentity(deps.db, userId);
    if (!data) return; // the account was deleted meanwhile
    const prefix = userPrefix(userId);
    const files: Record<string, Uint8Array> = {};
    for (const key of await deps.storage.list(prefix)) {
      if (!key.startsWith(`${prefix}exports/`))
        files[`files/${key.slice(prefix.length)}`] = await deps.storage.read(key);
    }
    const archive = zipSync({
      'identity.json': strToU8(JSON.stringify(data, null, 2)),
      'README.txt': strToU8(
        `Atelier data export ${exportId} for user ${userId}, made ${new Date(deps.clock()).toISOString()}.\n`,
      ),
      ...files,
    });
    const key = `${prefix}exports/${exportId}.zip`;
    await deps.storage.put(key, archive, 'application/zip');
    await deps.outbox.transaction(async (tx, emit) => {
      await tx
        .update(dataExports)
        .set({ status: 'ready', objectKey: key, completedAt: new Date(deps.clock()) })
        .where(eq(dataExports.id, exportId));
      await emit(tx, identity.userExportReady, { userId, exportId });
    });
    const [user] = await deps.db.select().from(users).where(eq(users.id, userId));
    if (user) {
      const link = await deps.storage.downloadUrl(key, EXPORT_LINK_TTL_S, `atelier-export-${exportId}.zip`);
      const mail = renderMail('export_ready', user.language, { name: user.displayName || user.email, link });
      await deps.mailer
        .send({ to: user.email, ...mail })
        .catch((err) => deps.log.warn({ err: (err as Error).message }, 'export mail not sent'));
    }
  });
