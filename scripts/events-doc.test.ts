import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { catalog } from '../shared/src/events/catalog';
import { EVENTS_DOC, renderEventsDoc } from './events-doc';

describe('docs/events.md', () => {
  it('is generated from the current catalogue (run npm run gen:docs)', () => {
    expect(readFileSync(EVENTS_DOC, 'utf8')).toBe(renderEventsDoc());
  });

  it('lists every catalogued type', () => {
    const doc = renderEventsDoc();
    for (const e of catalog) expect(doc).toContain(`## ${e.type}`);
  });
});
