import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../runner/src/build';

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

const anchorsOf = (markdown: string) => {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
};

interface Rules {
  groups: Array<{ rules: Array<{ alert?: string; annotations?: Record<string, string> }> }>;
}

describe('alert runbooks', () => {
  const rules = parse(readFileSync(join(repoRoot, 'deploy/monitoring/alerts.rules.yml'), 'utf8')) as Rules;
  const alerts = rules.groups.flatMap((g) => g.rules).filter((r) => r.alert);

  it('every alert names a runbook section of docs/operations.md that exists', () => {
    expect(alerts.length).toBeGreaterThan(0);
    const docs = new Map<string, Set<string>>();
    for (const rule of alerts) {
      const url = rule.annotations?.runbook_url;
      expect(url, rule.alert).toMatch(/^docs\/[a-z-]+\.md#[a-z0-9-]+$/);
      const [file, anchor] = url!.split('#') as [string, string];
      if (!docs.has(file)) docs.set(file, anchorsOf(readFileSync(join(repoRoot, file), 'utf8')));
      expect(anchor, `${rule.alert}: its runbook heading`).toBe(rule.alert!.toLowerCase());
      expect([...docs.get(file)!], `${rule.alert}: no heading for #${anchor} in ${file}`).toContain(anchor);
    }
  });

  it('every in-page link of docs/operations.md names a heading there', () => {
    const text = readFileSync(join(repoRoot, 'docs/operations.md'), 'utf8');
    const anchors = anchorsOf(text);
    const links = [...text.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect([...anchors], `#${link}`).toContain(link);
  });
});
