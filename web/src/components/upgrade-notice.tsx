import { Link } from 'react-router';
import { useT } from '../lib/use-t';

/** What a Free user sees instead of a Pro feature (403 plan_required): what it needs and where to go. */
export function UpgradeNotice({ feature }: { feature: string }) {
  const { t } = useT();
  return (
    <div className="alert alert--info" role="status">
      <p>
        <strong>{t('common:upgrade.title', { feature })}</strong>
      </p>
      <p>{t('common:upgrade.body')}</p>
      <Link to="/billing">{t('common:upgrade.link')}</Link>
    </div>
  );
}
