export { BrandKitPage } from './brand-kit-page';
export { BrandKitsPage } from './brand-kits-page';
