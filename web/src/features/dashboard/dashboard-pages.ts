export { ComingLaterPage } from './coming-later-page';
export { DashboardPage } from './dashboard-page';
export { NotFoundPage } from './not-found-page';
