// npm run bench — every benchmark; each prints its own tables. Add new ones here.
await import('./platform');
await import('./identity');
await import('./creative');
await import('./billing');
await import('./gpu-pool');
await import('./generation');

export {};
