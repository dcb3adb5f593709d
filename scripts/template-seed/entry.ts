import type { formats } from '../../shared/src/creative/formats';
import type { TemplateCategory } from '../../shared/src/creative/template-categories';
import type { Copy, LayoutId } from './layouts';
import type { FontPairId, PaletteId } from './palettes';

/** One seeded gallery template, before it is drawn. */
export interface Entry {
  name: string;
  category: TemplateCategory;
  format: keyof typeof formats;
  layout: LayoutId;
  palette: PaletteId;
  fonts: FontPairId;
  /** Uses in the last 30 days (Trending). */
  uses: number;
  /** Editorial weight (Recommended); 0 when left out. */
  featured?: number;
  /** How long before the seed's base date it was published (New). */
  daysAgo: number;
  tags: string[];
  description: string;
  hint: string;
  copy: Copy;
}
