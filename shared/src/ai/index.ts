/** The AI provider layer of the generation pipeline (PRODUCT.md §4); start from `aiFromConfig`. */
export * from './breaker';
export * from './gpu-pool';
export * from './offline';
export * from './openai';
export * from './resilience';
export * from './resize';
export * from './safety';
export * from './setup';
export * from './types';
export * from './watermark';
