export { StudioPage } from './studio-page';
export { StudioPickPage } from './studio-pick-page';
