import type { IdentityDeps } from './identity.ts';
import { identityProvider } from './provider.ts';
import { identityStore } from './store.ts';

/** Wires the use cases that also keep codes and events in the table. */
export function identityDeps(correlationId: string): IdentityDeps {
  return { provider: identityProvider(), store: identityStore, correlationId };
}
