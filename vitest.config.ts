import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // As CDK and the local platform set it for every function (shared/lib/sealed-cursor.ts).
    env: { PAGINATION_CURSOR_KEY: 'petpro-test-cursor-key' },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['{shared,functions,local}/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['infra/**/*.test.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
