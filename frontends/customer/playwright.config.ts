import { defineConfig } from '@playwright/test';

// Smoke tests of the web export: build first (`npm run build:web`), then `npm run test:e2e`.
// Debian's chromium-headless-shell (no browser download); the export is served on PORT (default 4173),
// or, with E2E_BASE_URL, the build already served there is tested (no server started).
const port = Number(process.env.PORT ?? 4173);
const external = process.env.E2E_BASE_URL;

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  reporter: 'list',
  timeout: 30_000,
  use: {
    baseURL: external ?? `http://localhost:${port}`,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell' },
  },
  ...(external
    ? {}
    : {
        webServer: {
          command: 'node scripts/serve.ts',
          url: `http://localhost:${port}`,
          env: { PORT: String(port) },
          reuseExistingServer: false,
        },
      }),
});
