import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'shared/src/**/*.test.ts',
      'functions/*/src/**/*.test.ts',
      'runner/src/**/*.test.ts',
      'deploy/src/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    globalSetup: ['./runner/src/test-support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
