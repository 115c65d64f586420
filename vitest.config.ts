import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    environment: 'node',
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // two cores: keep workers to two so native addons and tfjs do not oversubscribe
    pool: 'forks',
    maxWorkers: 2,
  },
});
