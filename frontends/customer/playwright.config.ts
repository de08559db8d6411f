import { defineConfig } from '@playwright/test';

// Smoke tests of the web export: build first (`npm run build:web`), then `npm run test:e2e`.
// Debian's chromium-headless-shell (no browser download); the export is served on PORT (default 4173).
const port = Number(process.env.PORT ?? 4173);

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  reporter: 'list',
  timeout: 30_000,
  use: {
    baseURL: `http://localhost:${port}`,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell' },
  },
  webServer: {
    command: 'node scripts/serve.ts',
    url: `http://localhost:${port}`,
    env: { PORT: String(port) },
    reuseExistingServer: false,
  },
});
