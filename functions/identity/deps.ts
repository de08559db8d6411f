import { cognitoIdentityProvider, withIdentityErrors } from './cognito.ts';
import type { IdentityDeps, IdentityProvider } from './identity.ts';
import { identityStore } from './store.ts';

let provider: IdentityProvider | undefined;

/** Wires the use cases to Cognito and the table; one provider per process. */
export function identityDeps(correlationId: string): IdentityDeps {
  provider ??= withIdentityErrors(cognitoIdentityProvider());
  return { provider, store: identityStore, correlationId };
}
