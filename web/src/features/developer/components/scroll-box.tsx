import type { ReactNode } from 'react';

/**
 * A table's own sideways scroll (at 320 px the page itself never scrolls sideways). Keyboard users must
 * reach it to scroll it: it takes focus, and is named after what it holds (WCAG 2.1.1).
 */
export function ScrollBox({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be focusable to scroll by keyboard
    <section className="table-scroll developer-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
