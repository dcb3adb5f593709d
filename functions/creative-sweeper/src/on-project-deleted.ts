import { projects } from '@atelier/shared/events/catalog';
import { onEvent } from '@atelier/shared/events/consumer';
import { projectFilesPrefix } from '@atelier/shared/files/keys';
import type { SweeperDeps } from './deps';

/** A deleted project's rows are gone (they cascade); its files, all under one prefix, go here. */
export const onProjectDeleted = (deps: SweeperDeps) =>
  onEvent(projects.projectDeleted, async (event) => {
    const { projectId, ownerUserId, teamId } = event.data;
    const removed = await deps.storage.deletePrefix(projectFilesPrefix({ ownerUserId, teamId }, projectId));
    deps.log.info({ projectId, removed }, 'deleted project files removed');
  });
