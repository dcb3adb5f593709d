/**
 * Template categories: the gallery's (seeded by migration 0008) and the only ones a private template
 * may be saved under, so the gallery's filters also find private templates. Labels are the web app's
 * to translate (`templates.categories.<id>`).
 */
export const templateCategories = [
  'sale',
  'event',
  'quote',
  'product_launch',
  'hiring',
  'holiday',
  'food',
  'fitness',
  'real_estate',
  'education',
  'podcast',
  'webinar',
] as const;
export type TemplateCategory = (typeof templateCategories)[number];
