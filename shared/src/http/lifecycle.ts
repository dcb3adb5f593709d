/**
 * Work that can wait until the process is ready (warming caches, loading the metrics library):
 * it runs right after the server listens, so it never lengthens a cold start.
 */
const hooks: Array<() => unknown> = [];

export const afterReady = (fn: () => unknown): void => {
  hooks.push(fn);
};

export function runAfterReady(): void {
  for (const fn of hooks.splice(0)) {
    setImmediate(() => {
      Promise.resolve()
        .then(fn)
        .catch(() => {});
    });
  }
}
