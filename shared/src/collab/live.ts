/**
 * The one-owner-of-truth rule between the collab service and the creative API (docs/collaboration.md):
 * while this Redis key exists a live room owns the project's design document and the API refuses saves.
 * The room refreshes its TTL; a crashed replica's key lapses on its own.
 */
export const liveRoomKey = (projectId: string) => `collab:live:${projectId}`;
export const LIVE_ROOM_TTL_MS = 15_000;
/** At most this many connections per room, across every replica (PRODUCT.md §6). */
export const MAX_COLLABORATORS = 10;
/** The biggest WebSocket message a room takes. */
export const MAX_MESSAGE_BYTES = 4 * 1024 * 1024;
