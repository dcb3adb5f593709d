import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';
import { type WebhookEndpoint, webhooksApi } from './webhooks.api';

export const webhooks = webhooksApi(api);

/** The account's webhook endpoints and how many it may have; `reload` reads them again. */
export function useEndpoints() {
  const [items, setItems] = useState<WebhookEndpoint[] | null>(null);
  const [limit, setLimit] = useState<number | null>(null);
  // The failure, not its text: the message follows a language switch.
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const page = await webhooks.list();
      if (mine === seq.current) {
        setItems(page.items);
        setLimit(page.limit);
        setError(null);
      }
    } catch (err) {
      if (mine === seq.current) setError(err ?? new Error('failed'));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { items, limit, error, reload };
}
