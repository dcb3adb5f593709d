import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seedRows, seedSql } from './gen';

describe('template seed', () => {
  it('is what the committed migration inserts (regenerate it rather than editing the SQL)', () => {
    const sql = readFileSync(new URL('../../migrations/0008_seed_templates.sql', import.meta.url), 'utf8');
    expect(sql).toBe(seedSql());
  });

  it('keeps every text, image and logo inside its canvas (shapes may bleed off as decoration)', () => {
    const rows = seedRows();
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    for (const { name, document: d } of rows) {
      for (const l of d.layers.filter((l) => l.type !== 'shape')) {
        expect(l.x >= 0 && l.y >= 0, `${name}: ${l.id}`).toBe(true);
        expect(l.x + l.width <= d.width && l.y + l.height <= d.height, `${name}: ${l.id}`).toBe(true);
      }
    }
  });
});
