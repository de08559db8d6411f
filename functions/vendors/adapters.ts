import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { ENV, requireEnv } from '#shared/config/env.ts';
import { presignObjectUrl } from '#shared/storage/presign.ts';
import type { Directory, DocumentStorage } from './model.ts';

/**
 * Licences and permits in the uploads bucket through presigned URLs. The PUT is signed with its
 * Content-Type and Content-Length, so S3 refuses any other type or size than the one checked.
 */
export function s3DocumentStorage(): DocumentStorage {
  return {
    async presignUpload(key, contentType, sizeBytes, expiresInSeconds) {
      const headers = { 'content-type': contentType, 'content-length': String(sizeBytes) };
      return presignObjectUrl({ method: 'PUT', key, expiresInSeconds, headers });
    },
    async presignDownload(key, expiresInSeconds) {
      return (await presignObjectUrl({ method: 'GET', key, expiresInSeconds })).url;
    },
  };
}

/** Cognito groups: the coarse role the dashboards read from the token. */
export function cognitoDirectory(client = new CognitoIdentityProviderClient({})): Directory {
  return {
    async addToGroup(username, group) {
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId: requireEnv(ENV.userPoolId), Username: username, GroupName: group }));
    },
  };
}
