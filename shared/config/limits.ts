/** Limits that CDK applies in AWS and the local gateway applies on this machine. */
export const apiLimits = {
  /** Steady requests per second across the API (stage default route throttling). */
  rateLimit: 100,
  /** Requests allowed in a burst above the steady rate. */
  burstLimit: 200,
} as const;

/**
 * Origins the web apps run on in development; prod names its own. 5173 the customer app (`npm run dev`),
 * 5174 the vendor dashboard, 5175 the admin dashboard; 5176–5179 the apps' browser tests, which serve
 * their builds beside a running `npm run dev`.
 */
export const DEV_WEB_ORIGINS: readonly string[] = [5173, 5174, 5175, 5176, 5177, 5178, 5179].map(
  (port) => `http://localhost:${port}`,
);

/** Headers the web apps send and may read (RouteSpec.headers, shared/http); CORS in AWS and locally. */
export const CORS_ALLOW_HEADERS: readonly string[] = [
  'authorization',
  'content-type',
  'accept-language',
  'if-match',
  'idempotency-key',
  'x-correlation-id',
];
export const CORS_EXPOSE_HEADERS: readonly string[] = ['etag', 'location', 'x-correlation-id'];
export const CORS_ALLOW_METHODS: readonly string[] = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
