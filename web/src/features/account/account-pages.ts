export { PrivacyPage } from '../privacy/privacy-page';
export { ProfilePage } from './profile-page';
export { SecurityPage } from './security-page';
