import type { ErrorCode } from '@atelier/shared/errors';
import i18next from 'i18next';
import { isApiError } from './api';
import type { ClientErrorCode } from './api/api-error';
import { type Translate, useT } from './use-t';

/** Codes the gateway answers with itself (runner/src/gateway.ts), besides the functions' own. */
export const gatewayErrorCodes = ['function_unavailable', 'function_timeout', 'bad_gateway'] as const;
export type KnownErrorCode = ErrorCode | ClientErrorCode | (typeof gatewayErrorCodes)[number];

/** Rules of the password policy, as the server names them in `weak_password` details. */
export const passwordRules = [
  'too_short',
  'too_long',
  'needs_upper',
  'needs_lower',
  'needs_digit',
  'needs_symbol',
] as const;

/** The same rules checked as the user types, so they learn what is missing before submitting. */
export function passwordProblems(password: string): Array<(typeof passwordRules)[number]> {
  const problems: Array<(typeof passwordRules)[number]> = [];
  if ([...password].length < 12) problems.push('too_short');
  if (password.length > 256) problems.push('too_long');
  if (!/\p{Lu}/u.test(password)) problems.push('needs_upper');
  if (!/\p{Ll}/u.test(password)) problems.push('needs_lower');
  if (!/\p{Nd}/u.test(password)) problems.push('needs_digit');
  if (!/[^\p{L}\p{Nd}]/u.test(password)) problems.push('needs_symbol');
  return problems;
}

/** The translated sentence for any failure: the server's code decides, never its English message. */
export function errorMessage(err: unknown, t: Translate): string {
  if (!isApiError(err)) return t('errors:codes.unknown_error');
  if (err.code === 'rate_limited') {
    const seconds = (err.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    if (seconds) {
      // "in 5 minutes" from Intl in the UI's language: no plural rules to keep per locale.
      const when = new Intl.RelativeTimeFormat(i18next.language || 'en-US', { numeric: 'auto' }).format(
        Math.max(1, Math.ceil(seconds / 60)),
        'minute',
      );
      return t('errors:rateLimitedFor', { when });
    }
  }
  // weak_password: just "Choose a stronger password": the checklist under the field shows the rules.
  if (err.code === 'invalid_credentials' && err.issues[0]) {
    // Which proof was wrong (a reused authenticator code, the password to delete the account…).
    const issue = err.issues[0];
    if (issue.message === 'no password is set') return t('errors:fields.noPassword');
    return t(`errors:credentials.${issue.path}`, { defaultValue: t('errors:codes.invalid_credentials') });
  }
  return t(`errors:codes.${err.code}`, { defaultValue: t('errors:codes.unknown_error') });
}

/**
 * Errors per form field (by the server's detail paths): shown beside the field they concern, as specific
 * as the code and the path allow (`errors:fields.<code>.<path>`), else "Check this field."
 */
export function fieldErrors(err: unknown, t: Translate): Record<string, string> {
  if (!isApiError(err)) return {};
  const out: Record<string, string> = {};
  for (const issue of err.issues) {
    if (out[issue.path]) continue;
    if (err.code === 'weak_password') out[issue.path] = t('errors:fields.weakPassword');
    else if (err.code === 'invalid_credentials' && issue.message === 'no password is set')
      out[issue.path] = t('errors:fields.noPassword');
    else
      out[issue.path] = t(`errors:fields.${err.code}.${issue.path}`, {
        defaultValue: t('errors:fieldInvalid'),
      });
  }
  return out;
}

export function useErrorMessage() {
  const { t } = useT();
  return (err: unknown) => errorMessage(err, t);
}
