import { designDocument } from '@atelier/shared/creative/design-document';
import { formats } from '@atelier/shared/creative/formats';
import { templateCategories } from '@atelier/shared/creative/template-categories';
import { templates } from '@atelier/shared/db/schema';
import { and, isNull } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestPlatform } from '../../../runner/src/test-support/platform';
import {
  newUser,
  request,
  startIdentityPlatform,
  type TestUser,
} from '../../../runner/src/test-support/users';

interface Item {
  id: string;
  name: string;
  category: string;
  tags: string[];
  format: string;
  uses: number;
  featured: number;
  createdAt: string;
  scope: string;
  document?: unknown;
}

describe('template gallery through the gateway', () => {
  let p: TestPlatform;
  let user: TestUser;
  beforeAll(async () => {
    p = await startIdentityPlatform();
    user = await newUser(p);
  });
  afterAll(() => p?.stop());

  const list = async (query: string) => {
    const res = await request(p, user, 'GET', `/v1/templates?${query}`);
    expect(res.status).toBe(200);
    return res.body as unknown as { items: Item[]; nextCursor: string | null };
  };
  /** Every page of a view, in order. */
  async function walk(query: string, limit: number) {
    const seen: Item[] = [];
    let cursor: string | null = null;
    do {
      const page = await list(`${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(limit);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return seen;
  }

  it('seeds at least 40 templates across every format and category, each a valid document of its size', async () => {
    const rows = await p.db.db
      .select()
      .from(templates)
      .where(and(isNull(templates.ownerUserId), isNull(templates.teamId)));
    expect(rows.length).toBeGreaterThanOrEqual(40);
    expect(new Set(rows.map((r) => r.format))).toEqual(new Set(Object.keys(formats)));
    expect(new Set(rows.map((r) => r.category))).toEqual(new Set(templateCategories));
    for (const row of rows) {
      const doc = designDocument.parse(row.document);
      const size = formats[row.format as keyof typeof formats];
      expect([doc.width, doc.height, row.width, row.height], row.name).toEqual([
        size.width,
        size.height,
        size.width,
        size.height,
      ]);
      expect(row.tags.length, row.name).toBeGreaterThan(0);
      expect(row.description.length, row.name).toBeGreaterThan(0);
      expect(doc.layers.length, row.name).toBeGreaterThan(0);
    }
    expect(rows.filter((r) => r.featured > 0).length).toBeGreaterThan(5);
    expect(new Set(rows.map((r) => r.uses)).size).toBe(rows.length);
  });

  it('lists the gallery to any signed-in user, never anonymously', async () => {
    const all = await list('limit=100');
    expect(all.items.length).toBeGreaterThanOrEqual(40);
    expect(all.items.every((t) => t.scope === 'gallery' && t.document === undefined)).toBe(true);
    expect((await list('limit=1&include=document')).items[0]!.document).toMatchObject({ version: 1 });
    expect((await request(p, undefined, 'GET', '/v1/templates')).status).toBe(401);
  });

  it('filters by category, tag, format and text', async () => {
    const food = (await list('category=food&limit=100')).items;
    expect(food.length).toBeGreaterThanOrEqual(3);
    expect(food.every((t) => t.category === 'food')).toBe(true);

    const podcast = (await list('tag=Podcast&limit=100')).items;
    expect(podcast.length).toBeGreaterThanOrEqual(3);
    expect(podcast.every((t) => t.tags.includes('podcast'))).toBe(true);

    const thumbs = (await list('format=youtube_thumbnail&limit=100')).items;
    expect(thumbs.length).toBeGreaterThanOrEqual(3);
    expect(thumbs.every((t) => t.format === 'youtube_thumbnail')).toBe(true);

    const yoga = (await list('q=yoga')).items.map((t) => t.name);
    expect(yoga).toContain('Yoga Class Schedule');
    // The text search also looks at tags; LIKE wildcards in it are literal.
    expect((await list('q=black%20friday')).items.map((t) => t.name)).toContain('Black Friday Deals');
    expect((await list('q=%25')).items).toEqual([]);
    expect((await list('category=food&format=tiktok&tag=recipe')).items.map((t) => t.name)).toEqual([
      'Recipe in 60 Seconds',
    ]);
  });

  it('orders Trending by uses, New by date and Recommended by featured then uses', async () => {
    const trending = (await list('view=trending&limit=100')).items;
    const fresh = (await list('view=new&limit=100')).items;
    const recommended = (await list('view=recommended&limit=100')).items;
    const all = (await list('view=all&limit=100')).items;
    const sorted = <T>(xs: T[], cmp: (a: T, b: T) => number) => [...xs].sort(cmp);
    expect(trending).toEqual(sorted(trending, (a, b) => b.uses - a.uses));
    expect(fresh).toEqual(sorted(fresh, (a, b) => b.createdAt.localeCompare(a.createdAt)));
    expect(recommended).toEqual(sorted(recommended, (a, b) => b.featured - a.featured || b.uses - a.uses));
    // By name in the database's collation; first letters compare the same in any.
    const initials = all.map((t) => t.name[0]!);
    expect(initials).toEqual(sorted(initials, (a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    const firsts = [trending, fresh, recommended, all].map((v) =>
      v
        .slice(0, 5)
        .map((t) => t.id)
        .join(),
    );
    expect(new Set(firsts).size).toBe(4);
  });

  it('walks every page of every view without duplicates or gaps', async () => {
    for (const view of ['all', 'trending', 'new', 'recommended']) {
      const whole = (await list(`view=${view}&limit=100`)).items.map((t) => t.id);
      const paged = (await walk(`view=${view}`, 7)).map((t) => t.id);
      expect(new Set(paged).size, view).toBe(paged.length);
      expect(paged, view).toEqual(whole);
    }
    const filtered = await walk('view=trending&category=sale', 2);
    expect(filtered.length).toBeGreaterThanOrEqual(4);
  });

  it('counts templates per category and lists the tags', async () => {
    const res = await request(p, user, 'GET', '/v1/templates/categories');
    expect(res.status).toBe(200);
    const { categories, tags } = res.body as unknown as {
      categories: Array<{ id: string; count: number }>;
      tags: Array<{ tag: string; count: number }>;
    };
    expect(categories.map((c) => c.id)).toEqual([...templateCategories]);
    const total = (await list('limit=100')).items.length;
    expect(categories.reduce((n, c) => n + c.count, 0)).toBe(total);
    expect(tags.find((t) => t.tag === 'podcast')!.count).toBeGreaterThanOrEqual(3);
    expect(tags).toEqual([...tags].sort((a, b) => b.count - a.count || (a.tag < b.tag ? -1 : 1)));
  });

  it('opens one template with its document', async () => {
    const [first] = (await list('limit=1')).items;
    const res = await request(p, user, 'GET', `/v1/templates/${first!.id}`);
    expect(res.status).toBe(200);
    expect(designDocument.safeParse(res.body.document).success).toBe(true);
    expect(res.body).toMatchObject({ id: first!.id, scope: 'gallery' });
    const missing = await request(p, user, 'GET', '/v1/templates/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
  });

  it('answers bad queries with 400 and the field at fault', async () => {
    const paths = async (path: string) => {
      const res = await request(p, user, 'GET', path);
      expect(res.status, path).toBe(400);
      expect(res.body.error?.code).toBe('validation_failed');
      return res.body.error!.details!.map((d) => d.path);
    };
    expect(await paths('/v1/templates?view=popular')).toEqual(['view']);
    expect(await paths('/v1/templates?limit=0&format=a4')).toEqual(['limit', 'format']);
    expect(await paths('/v1/templates?category=cars&teamId=nope')).toEqual(['category', 'teamId']);
    expect(await paths('/v1/templates?tag=%23%23%23')).toEqual(['tag']);
    expect(await paths('/v1/templates?sort=uses')).toEqual(['']);
    expect(await paths('/v1/templates?cursor=garbage')).toEqual(['cursor']);
    const next = (await list('view=trending&limit=2')).nextCursor!;
    expect(await paths(`/v1/templates?view=new&cursor=${next}`)).toEqual(['cursor']);
    expect(await paths('/v1/templates/not-a-uuid')).toEqual(['id']);
  });
});
