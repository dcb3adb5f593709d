import { useEffect, useId, useState } from 'react';

/** A search box that reports what was typed after a short pause: one request per pause, not per key. */
export function ListSearch({ label, onSearch }: { label: string; onSearch: (q: string) => void }) {
  const id = useId();
  const [q, setQ] = useState('');
  // biome-ignore lint/correctness/useExhaustiveDependencies: only the typed text restarts the pause
  useEffect(() => {
    const timer = setTimeout(() => onSearch(q.trim()), 250);
    return () => clearTimeout(timer);
  }, [q]);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="search" value={q} maxLength={100} onChange={(e) => setQ(e.target.value)} />
    </div>
  );
}
