import type { AuthContext } from './access.ts';

/** Who is asking, and the correlation id their request carries into events: what a use case needs of a request. */
export interface Caller {
  auth: AuthContext;
  correlationId: string;
}

/** The caller of a route request (its verified auth and correlation id), and nothing else of the request. */
export function callerOf(request: { auth: AuthContext; correlationId: string }): Caller {
  return { auth: request.auth, correlationId: request.correlationId };
}
