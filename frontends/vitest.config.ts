import { defineConfig } from 'vitest/config';

// One project per workspace; the apps join as they are built. The customer app's tests cover its
// Blocs and repositories (plain TypeScript, no React Native), so they run in Node too.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'api-client', root: './api-client', include: ['**/*.test.ts'], environment: 'node' } },
      { test: { name: 'customer', root: './customer', include: ['src/**/*.test.ts'], environment: 'node' } },
    ],
  },
});
