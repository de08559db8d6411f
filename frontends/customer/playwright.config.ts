import { defineConfig } from '@playwright/test';
import { APP_URL } from './e2e/support/ports';

// The customer app in real Chromium (Debian's chromium-headless-shell; no browser download) against the
// real local platform, which global-setup.ts starts with the app built for it — or, with E2E_BASE_URL,
// against what already runs there (e2e/support/ports.ts). One worker: the platform is one machine's.
export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  reporter: 'list',
  timeout: 90_000,
  expect: { timeout: 15_000 },
  workers: 1,
  fullyParallel: false,
  globalSetup: './e2e/support/global-setup.ts',
  use: {
    baseURL: APP_URL,
    viewport: { width: 360, height: 760 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium-headless-shell' },
  },
});
