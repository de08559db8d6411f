/** Limits that CDK applies in AWS and the local gateway applies on this machine. */
export const apiLimits = {
  /** Steady requests per second across the API (stage default route throttling). */
  rateLimit: 100,
  /** Requests allowed in a burst above the steady rate. */
  burstLimit: 200,
} as const;

/** Origins the web apps run on in development (Vite's default ports); prod names its own. */
export const DEV_WEB_ORIGINS: readonly string[] = [
  'http://localhost:5173',
  'http://localhost:5174',
  'http://localhost:5175',
];

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
