import { type ReactNode, useEffect, useRef } from 'react';
import { useLocation } from 'react-router';

let firstPage = true;

/**
 * The page's one <h1>. After a client-side navigation it takes focus, so screen readers announce the
 * new page and the next Tab starts from the top of the content (the browser would do this on a full
 * page load). It also names the document (2.4.2).
 */
export function PageHeading({ children, title }: { children: ReactNode; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { key } = useLocation();
  useEffect(() => {
    document.title = `${title} · Atelier`;
  }, [title]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per navigation (location key)
  useEffect(() => {
    if (firstPage) {
      firstPage = false;
      return;
    }
    ref.current?.focus();
  }, [key]);
  return (
    <h1 tabIndex={-1} ref={ref}>
      {children}
    </h1>
  );
}
