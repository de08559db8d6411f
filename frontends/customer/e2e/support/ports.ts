/**
 * Where the browser tests find the platform and the app. By default the suite starts its own
 * (global-setup.ts): the API on E2E_API_PORT (3100) and the app's build on E2E_APP_PORT (5179, one of
 * the dev origins the API's CORS allows). With E2E_BASE_URL (and E2E_API_URL) it tests what is already
 * running there instead, e.g. `npm run dev`'s app on 5173 and API on 3000.
 */
export const APP_URL = process.env.E2E_BASE_URL ?? `http://localhost:${process.env.E2E_APP_PORT ?? 5179}`;
export const API_URL =
  process.env.E2E_API_URL ??
  (process.env.E2E_BASE_URL ? 'http://localhost:3000' : `http://localhost:${process.env.E2E_API_PORT ?? 3100}`);
