import { defineConfig } from 'vitest/config';

// One project per workspace; the apps join as they are built.
export default defineConfig({
  test: {
    projects: [{ test: { name: 'api-client', root: './api-client', include: ['**/*.test.ts'], environment: 'node' } }],
  },
});
