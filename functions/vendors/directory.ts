import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ENV, requireEnv } from '#shared/config/env.ts';
import type { Directory } from './model.ts';

/**
 * Cognito groups: the coarse role the dashboards read from the token. Only the handlers whose
 * manifest access names AdminAddUserToGroup import this (and carry the Cognito client).
 */
export function cognitoDirectory(client = new CognitoIdentityProviderClient({})): Directory {
  return {
    async addToGroup(username, group) {
      await client.send(
        new AdminAddUserToGroupCommand({
          UserPoolId: requireEnv(ENV.userPoolId),
          Username: username,
          GroupName: group,
        }),
      );
    },
  };
}
