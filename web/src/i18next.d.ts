import type account from './locales/en-US/account.json';
import type assets from './locales/en-US/assets.json';
import type auth from './locales/en-US/auth.json';
import type billing from './locales/en-US/billing.json';
import type brandKits from './locales/en-US/brand-kits.json';
import type canvas from './locales/en-US/canvas.json';
import type common from './locales/en-US/common.json';
import type dashboard from './locales/en-US/dashboard.json';
import type developer from './locales/en-US/developer.json';
import type errors from './locales/en-US/errors.json';
import type notifications from './locales/en-US/notifications.json';
import type privacy from './locales/en-US/privacy.json';
import type studio from './locales/en-US/studio.json';
import type teams from './locales/en-US/teams.json';
import type templates from './locales/en-US/templates.json';
import type workbenches from './locales/en-US/workbenches.json';

// Keys are typed from en-US: a key that does not exist there fails the typecheck.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: {
      common: typeof common;
      errors: typeof errors;
      auth: typeof auth;
      dashboard: typeof dashboard;
      account: typeof account;
      teams: typeof teams;
      privacy: typeof privacy;
      workbenches: typeof workbenches;
      templates: typeof templates;
      assets: typeof assets;
      'brand-kits': typeof brandKits;
      billing: typeof billing;
      studio: typeof studio;
      notifications: typeof notifications;
      canvas: typeof canvas;
      developer: typeof developer;
    };
  }
}
