import { useCallback, useEffect, useRef, useState } from 'react';
import type { Page } from './api';
import { useErrorMessage } from './errors';

/**
 * A cursor-paginated list: the first page whenever `key` changes (filters, search), then "load more".
 * Only the newest request's answer is applied, so a fast typist (or a reload after a change) never
 * sees an older answer arrive last and win.
 */
export function usePagedList<T>(key: string, fetchPage: (cursor: string | undefined) => Promise<Page<T>>) {
  const message = useErrorMessage();
  const [items, setItems] = useState<T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  // The failure, not its text: the message follows a language switch.
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const load = useCallback(async (from: string | undefined) => {
    const mine = ++seq.current;
    setLoading(true);
    setError(null);
    try {
      const page = await fetchRef.current(from);
      if (seq.current !== mine) return;
      setItems((prev) => (from ? [...(prev ?? []), ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      if (seq.current === mine) setError(err ?? new Error('failed'));
    } finally {
      if (seq.current === mine) setLoading(false);
    }
  }, []);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reload when the key (the query) changes
  useEffect(() => {
    void load(undefined);
  }, [key]);

  return {
    items,
    setItems,
    loading,
    error: error ? message(error) : null,
    hasMore: cursor !== null,
    loadMore: () => (cursor ? load(cursor) : Promise.resolve()),
    reload: () => load(undefined),
  };
}
