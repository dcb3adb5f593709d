import { useTranslation } from 'react-i18next';
import { namespaces } from '../lib/i18n-namespaces';

export function Loading() {
  const { t, ready } = useTranslation(namespaces, { useSuspense: false });
  return (
    <div className="loading" role="status">
      {ready ? t('common:loading') : '…'}
    </div>
  );
}
