export * from './billing';
export * from './creative';
export * from './generation';
export * from './identity';
export * from './ops';
