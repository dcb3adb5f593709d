/** Every area of the app, in navigation order: the dashboard and the menu both list these. */
export const workAreas = [
  { path: '/workbenches', key: 'workbenches' },
  { path: '/studio', key: 'studio' },
  { path: '/templates', key: 'templates' },
  { path: '/assets', key: 'assets' },
  { path: '/brand-kits', key: 'brandKits' },
] as const;

export const businessAreas = [
  { path: '/billing', key: 'billing' },
  { path: '/developer', key: 'developer' },
  { path: '/notifications', key: 'notifications' },
] as const;

export const settingsAreas = [
  { path: '/settings/profile', key: 'profile' },
  { path: '/settings/security', key: 'security' },
  { path: '/teams', key: 'teams' },
  { path: '/settings/privacy', key: 'privacy' },
] as const;

/** Areas later issues fill: their pages say so for now (none left today). */
export const laterAreas: ReadonlyArray<{ path: string; key: AreaKey }> = [];
export type AreaKey =
  | (typeof workAreas)[number]['key']
  | (typeof businessAreas)[number]['key']
  | (typeof settingsAreas)[number]['key'];
