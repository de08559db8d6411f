/** Limits that CDK applies in AWS and the local gateway applies on this machine. */
export const apiLimits = {
  /** Steady requests per second across the API (stage default route throttling). */
  rateLimit: 200,
  /** Requests allowed in a burst above the steady rate. */
  burstLimit: 400,
  /** Origins allowed by CORS (the web apps); '*' while there are none deployed. */
  corsOrigins: ['*'],
} as const;
