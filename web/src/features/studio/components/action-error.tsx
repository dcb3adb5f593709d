import { Link } from 'react-router';
import { isApiError } from '../../../lib/api';
import { errorMessage } from '../../../lib/errors';
import { formatNumber } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import type { CreditsShortfall, GenerationState } from '../studio.api';

/**
 * A refused action in plain words, with the way out where there is one: not enough credits says how many
 * it takes and links to billing; a Pro feature on Free says which plan; a rejected prompt gives the reason.
 */
export function ActionError({ error }: { error: unknown }) {
  const { t, i18n } = useT();
  if (!error) return null;
  const n = (x: number) => formatNumber(x, i18n.language);
  if (isApiError(error) && error.code === 'insufficient_credits') {
    const d = (error.details ?? {}) as Partial<CreditsShortfall>;
    const fix = d.fix ?? ['buy_credits', 'upgrade'];
    return (
      <div className="alert alert--error" role="alert">
        <p>
          <strong>{t('studio:credits.short')}</strong>{' '}
          {d.needed !== undefined &&
            t('studio:credits.needed', { needed: n(d.needed), available: n(d.available ?? 0) })}
        </p>
        <p>{t('studio:credits.fixIntro')}</p>
        <ul>
          {fix.map((f) => (
            <li key={f}>
              <Link to={d.billingUrl ?? '/billing'}>{t(`studio:credits.fix.${f}`)}</Link>
            </li>
          ))}
        </ul>
      </div>
    );
  }
  if (isApiError(error) && error.code === 'plan_required') {
    return (
      <div className="alert alert--error" role="alert">
        <p>{t('studio:brandKit.needsPlan')}</p>
        <Link to="/billing">{t('common:upgrade.link')}</Link>
      </div>
    );
  }
  if (isApiError(error) && error.code === 'content_rejected') {
    const reason = (error.details as { reason?: string } | undefined)?.reason;
    return (
      <div className="alert alert--error" role="alert">
        <p>{errorMessage(error, t)}</p>
        {/* The reason is worded in English by the server: shown as it is only in English. */}
        {reason && i18n.language.startsWith('en') && <p>{t('studio:rejectedReason', { reason })}</p>}
      </div>
    );
  }
  if (isApiError(error) && error.code === 'invalid_state') {
    const state = (error.details as { state?: GenerationState } | undefined)?.state;
    return (
      <div className="alert alert--error" role="alert">
        <p>{t('studio:invalidState')}</p>
        {state && <p>{t('studio:nowIn', { state: t(`studio:states.${state}`) })}</p>}
      </div>
    );
  }
  return (
    <div className="alert alert--error" role="alert">
      {errorMessage(error, t)}
    </div>
  );
}
