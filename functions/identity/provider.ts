import { cognitoIdentityProvider, withIdentityErrors } from './cognito.ts';
import type { IdentityProvider } from './identity.ts';

let provider: IdentityProvider | undefined;

/** The Cognito adapter, one per process. Routes that touch only Cognito import just this. */
export function identityProvider(): IdentityProvider {
  provider ??= withIdentityErrors(cognitoIdentityProvider());
  return provider;
}
