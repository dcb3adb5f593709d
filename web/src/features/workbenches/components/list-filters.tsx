import type { ReactNode } from 'react';
import { ListSearch } from '../../../components/list-search';
import { useT } from '../../../lib/use-t';

/** Search, any extra filter, and the archived switch above a list of workbenches or projects. */
export function ListFilters({
  label,
  onSearch,
  archived,
  onArchived,
  children,
}: {
  label: string;
  onSearch: (q: string) => void;
  archived: boolean;
  onArchived: (archived: boolean) => void;
  children?: ReactNode;
}) {
  const { t } = useT();
  return (
    <div className="filters">
      <ListSearch label={label} onSearch={onSearch} />
      {children}
      <label className="checkbox">
        <input type="checkbox" checked={archived} onChange={(e) => onArchived(e.target.checked)} />
        {t('common:showArchived')}
      </label>
    </div>
  );
}
