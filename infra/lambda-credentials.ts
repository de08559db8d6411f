import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Bundled in place of @aws-sdk/credential-provider-node (see lambda-bundle.ts): Lambda always
 * hands a function its role's credentials in environment variables, so the SSO, profile, IMDS
 * and web-identity providers (~135 KB and a slower init) are never needed there.
 */
export const defaultProvider = (init?: Parameters<typeof fromEnv>[0]) => fromEnv(init);
