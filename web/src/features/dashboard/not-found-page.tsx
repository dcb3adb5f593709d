import { Link } from 'react-router';
import { PageHeading } from '../../components/page-heading';
import { useT } from '../../lib/use-t';

export function NotFoundPage() {
  const { t } = useT();
  return (
    <>
      <PageHeading title={t('common:notFound.title')}>{t('common:notFound.title')}</PageHeading>
      <p>{t('common:notFound.body')}</p>
      <Link to="/">{t('common:notFound.home')}</Link>
    </>
  );
}
