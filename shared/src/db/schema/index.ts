export * from './billing';
export * from './creative';
export * from './identity';
export * from './ops';
