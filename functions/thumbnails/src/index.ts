import type { ThumbnailsDeps } from './deps';
import { onAssetVersionCreated } from './on-asset-version-created';

export const handlers = (deps: ThumbnailsDeps) => [onAssetVersionCreated(deps)];
