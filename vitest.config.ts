import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['./runner/src/test-support/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'platform',
          include: [
            'shared/src/**/*.test.ts',
            'functions/*/src/**/*.test.ts',
            'gpu-pool/src/**/*.test.ts',
            'runner/src/**/*.test.ts',
            'deploy/src/**/*.test.ts',
            'scripts/**/*.test.ts',
            // Browser journeys in Debian's Chromium against the real platform (web/e2e/README.md).
            'web/e2e/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        // The web app's unit and component tests, in a simulated DOM.
        test: {
          name: 'web',
          include: ['web/src/**/*.test.{ts,tsx}'],
          environment: 'happy-dom',
          setupFiles: ['./web/src/test/setup.ts'],
        },
      },
    ],
  },
});
