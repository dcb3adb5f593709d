import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../lib/api';
import { type WebhookEndpoint, webhooksApi } from './webhooks.api';

export const webhooks = webhooksApi(api);

/** The account's webhook endpoints; `reload` reads them again (after adding one). */
export function useEndpoints() {
  const [items, setItems] = useState<WebhookEndpoint[] | null>(null);
  // The failure, not its text: the message follows a language switch.
  const [error, setError] = useState<unknown>(null);
  const seq = useRef(0);
  const reload = useCallback(async () => {
    const mine = ++seq.current;
    try {
      const page = await webhooks.list();
      if (mine === seq.current) {
        setItems(page.items);
        setError(null);
      }
    } catch (err) {
      if (mine === seq.current) setError(err ?? new Error('failed'));
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { items, error, reload };
}
