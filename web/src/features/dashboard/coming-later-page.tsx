import { Link } from 'react-router';
import { PageHeading } from '../../components/page-heading';
import type { AreaKey } from '../../lib/areas';
import { useT } from '../../lib/use-t';

/** The page of an area a later release fills: what it will hold, and the way back. */
export function ComingLaterPage({ area }: { area: AreaKey }) {
  const { t } = useT();
  const title = t(`common:nav.${area}`);
  return (
    <>
      <PageHeading title={title}>{title}</PageHeading>
      <p>{t(`dashboard:areas.${area}`)}</p>
      <p className="alert alert--info">{t('dashboard:comingLater')}</p>
      <p>
        <Link to="/">{t('dashboard:backToDashboard')}</Link>
      </p>
    </>
  );
}
