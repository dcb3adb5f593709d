export * from './billing';
export * from './collab';
export * from './creative';
export * from './developer';
export * from './generation';
export * from './identity';
export * from './notification';
export * from './ops';
