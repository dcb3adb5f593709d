import { config } from '../../config';
import { browserLock, createApiClient } from './client';

/** The app's one client (tests build their own with createApiClient). */
export const api = createApiClient({ baseUrl: config.apiBase, lock: browserLock });

export { ApiError, isApiError } from './api-error';
export type { ApiClient } from './client';
export * from './creative-types';
export * from './types';
