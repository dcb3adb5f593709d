/** One namespace per feature (style guide §11); each is a JSON file per language under locales/. */
export const namespaces = [
  'common',
  'errors',
  'auth',
  'dashboard',
  'account',
  'teams',
  'privacy',
  'workbenches',
  'templates',
  'assets',
  'brand-kits',
  'billing',
  'studio',
  'notifications',
  'canvas',
  'developer',
] as const;
