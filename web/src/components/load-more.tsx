import { useT } from '../lib/use-t';

/** The "next page" button of a cursor-paginated list; gone on the last page. */
export function LoadMore({
  list,
}: {
  list: { hasMore: boolean; loading: boolean; loadMore: () => unknown };
}) {
  const { t } = useT();
  if (!list.hasMore) return null;
  return (
    <button
      type="button"
      className="button button--secondary load-more"
      disabled={list.loading}
      onClick={() => void list.loadMore()}
    >
      {list.loading ? t('common:loading') : t('common:loadMore')}
    </button>
  );
}
