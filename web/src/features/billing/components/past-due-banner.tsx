import { Link } from 'react-router';
import { useT } from '../../../lib/use-t';
import { useAccountView } from '../../account/use-account-view';

/**
 * On every signed-in page while the user's subscription is past due (a payment failed): what happened
 * and the way to billing. It reads the account view the app loads once; billing refreshes it.
 */
export function PastDueBanner() {
  const { t } = useT();
  const { account } = useAccountView();
  if (account?.subscription?.status !== 'past_due') return null;
  return (
    <div className="banner" role="status">
      <span>{t('billing:pastDue.banner')}</span>
      <Link to="/billing">{t('billing:pastDue.bannerLink')}</Link>
    </div>
  );
}
