import { existsSync } from 'node:fs';

// npm run bench:realtime — the connection holders: live notifications (SSE) and collaborative editing (Yjs).
await import('./realtime-stream');
if (existsSync(new URL('./realtime-collab.ts', import.meta.url))) {
  const { collabBench } = await import('./realtime-collab');
  console.log(await collabBench());
}

// The benches leave nothing to wait for, but a client library may keep a timer: end here.
process.exit(0);
