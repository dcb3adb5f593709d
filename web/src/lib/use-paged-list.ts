import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from './api';
import { useErrorMessage } from './errors';

/**
 * A cursor-paginated list: the first page whenever `key` changes (filters, search), then "load more".
 * Answers that arrive after the key changed are dropped, so a fast typist never sees stale results.
 */
export function usePagedList<T>(key: string, fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  const message = useErrorMessage();
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const current = useRef(key);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback(
    async (from: string | undefined, forKey: string) => {
      setLoading(true);
      setError(null);
      try {
        const page = await fetchRef.current(from);
        if (current.current !== forKey) return;
        setItems((prev) => (from ? [...(prev ?? []), ...page.items] : page.items));
        setCursor(page.nextCursor);
      } catch (err) {
        if (current.current === forKey) setError(message(err));
      } finally {
        if (current.current === forKey) setLoading(false);
      }
    },
    [message],
  );
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the key (the query) changes
  useEffect(() => {
    current.current = key;
    void load(undefined, key);
  }, [key]);

  return {
    items,
    setItems,
    loading,
    error,
    hasMore: cursor !== null,
    loadMore: () => (cursor ? load(cursor, current.current) : Promise.resolve()),
    reload: () => load(undefined, current.current),
  };
}
