/** The only module that reads Vite's build-time environment (style rule: config in one place). */
export const config = {
  production: import.meta.env.PROD,
  /** API calls go to the same origin: the gateway in production, Vite's proxy in development. */
  apiBase: '',
  version: import.meta.env.VITE_APP_VERSION ?? '0.1.0',
  /** Where Enterprise enquiries go (the plan is priced by contract and set up by ops). */
  salesEmail: import.meta.env.VITE_SALES_EMAIL ?? 'sales@atelier.example',
};
