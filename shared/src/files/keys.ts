import type { Owner } from '../auth/team-access';
import { randomName } from './upload';

/**
 * Where creative files live in storage. A user's sit under `users/<id>/`, which the GDPR export
 * includes and erasure removes; a team's under `teams/<id>/`. A project's files share one prefix, so
 * deleting a project (whose rows cascade) can remove its files without a list of keys.
 */
export const ownerPrefix = (owner: Owner) =>
  owner.teamId ? `teams/${owner.teamId}/creative/` : `users/${owner.ownerUserId}/creative/`;

export const projectFilesPrefix = (owner: Owner, projectId: string) =>
  `${ownerPrefix(owner)}projects/${projectId}/`;

/** A new object name: under its project when it belongs to one (assets), else the owner's files (brand kits). */
export const newFileKey = (owner: Owner, projectId?: string) =>
  projectId
    ? `${projectFilesPrefix(owner, projectId)}${randomName()}`
    : `${ownerPrefix(owner)}files/${randomName()}`;
