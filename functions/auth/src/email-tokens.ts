import { hashToken, newOpaqueToken } from '@atelier/shared/auth/opaque';
import type { Tx } from '@atelier/shared/db';
import { emailTokens } from '@atelier/shared/db/schema';
import { AppError } from '@atelier/shared/errors';
import { renderMail, type TemplateName } from '@atelier/shared/mail/templates';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { AuthDeps } from './deps';

type Purpose = 'verify_email' | 'password_reset';

/** A new single-use emailed token; only its hash is stored. */
export async function issueEmailToken(
  tx: Tx,
  deps: AuthDeps,
  userId: string,
  purpose: Purpose,
  ttlMs: number,
) {
  const token = newOpaqueToken();
  await tx
    .insert(emailTokens)
    .values({ tokenHash: hashToken(token), userId, purpose, expiresAt: new Date(deps.clock() + ttlMs) });
  return token;
}

/** Marks a token used and returns its user; an unknown, used or expired token is `400 invalid_token`. */
export async function consumeEmailToken(tx: Tx, token: string, purpose: Purpose, now: Date): Promise<string> {
  const [row] = await tx
    .update(emailTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(emailTokens.tokenHash, hashToken(token)),
        eq(emailTokens.purpose, purpose),
        isNull(emailTokens.usedAt),
        gt(emailTokens.expiresAt, now),
      ),
    )
    .returning({ userId: emailTokens.userId });
  if (!row)
    throw new AppError('invalid_token', 400, 'This link is invalid, used or expired: ask for a new one');
  return row.userId;
}

/** Sends a link in the user's language; a failure is logged, not thrown (the user can ask again). */
export async function mailLink(
  deps: AuthDeps,
  user: { email: string; displayName: string; language: string },
  template: TemplateName,
  path: string,
  token: string,
): Promise<void> {
  const link = `${deps.publicUrl}${path}?token=${token}`;
  const mail = renderMail(template, user.language, { name: user.displayName || user.email, link });
  await deps.mailer
    .send({ to: user.email, ...mail })
    .catch((err) => deps.log.warn({ template, err: (err as Error).message }, 'mail not sent'));
}
