import { Alert } from '../../../components/form';
import { formatDate, formatNumber } from '../../../lib/format';
import { useT } from '../../../lib/use-t';
import { useProfile } from '../profile.store';
import { useAccountView } from '../use-account-view';

const features = ['canUseBrandKits', 'canSavePrivateTemplates', 'teams', 'sso'] as const;

/** The plan in force and what it allows (GET /v1/me/account), as a definition list. */
export function PlanSummary() {
  const { t, i18n } = useT();
  const { account, error } = useAccountView();
  const timezone = useProfile((s) => s.profile?.timezone);
  if (error) return <Alert kind="error">{error}</Alert>;
  if (!account) return <p role="status">{t('common:loading')}</p>;
  const e = account.entitlements;
  return (
    <dl className="plan">
      <dt>{t('account:plan.plan')}</dt>
      <dd>
        <strong>{t(`account:plan.names.${account.plan}`)}</strong>
        {account.subscription && (
          <span className="muted">
            {' '}
            {t(account.subscription.cancelAtPeriodEnd ? 'account:plan.endsOn' : 'account:plan.renewsOn', {
              date: formatDate(account.subscription.currentPeriodEnd, i18n.language, timezone),
            })}
          </span>
        )}
      </dd>
      <dt>{t('account:plan.credits')}</dt>
      <dd>{t('account:plan.creditsPerMonth', { count: formatNumber(e.monthlyCredits, i18n.language) })}</dd>
      <dt>{t('account:plan.includes')}</dt>
      <dd>
        <ul className="entitlements">
          <li>{e.watermark ? t('account:plan.watermark') : t('account:plan.noWatermark')}</li>
          {features.map((f) => (
            <li key={f} data-included={e[f]}>
              <span aria-hidden="true">{e[f] ? '✓' : '–'}</span> {t(`account:plan.features.${f}`)}
              <span className="visually-hidden">
                {' '}
                ({e[f] ? t('account:plan.included') : t('account:plan.notIncluded')})
              </span>
            </li>
          ))}
        </ul>
      </dd>
    </dl>
  );
}
