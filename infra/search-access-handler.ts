import { signedOpenSearchRequest, type Method } from '../functions/search/engine/opensearch-transport.ts';

/**
 * Runs after each deployment (a CDK trigger) as the domain's fine-grained-access master role:
 * gives the search functions' IAM roles their OpenSearch roles. Without a mapping, fine-grained
 * access control refuses every request of a role, even one IAM allows.
 */
export const SEARCH_INDEX_PATTERNS = ['clinics', 'products'] as const;
export const READ_ROLE = 'petpro_search_read';
export const WRITE_ROLE = 'petpro_search_write';

export interface PlannedRequest {
  method: Method;
  path: string;
  body: unknown;
}

/** The security-plugin calls, idempotent (PUT replaces): two roles and their mappings. */
export function roleMappingRequests(
  readRoleArns: readonly string[],
  writeRoleArns: readonly string[],
): PlannedRequest[] {
  const indexPatterns = [...SEARCH_INDEX_PATTERNS];
  return [
    {
      method: 'PUT',
      path: `/_plugins/_security/api/roles/${READ_ROLE}`,
      body: {
        cluster_permissions: ['cluster_composite_ops_ro'],
        index_permissions: [{ index_patterns: indexPatterns, allowed_actions: ['read'] }],
      },
    },
    {
      method: 'PUT',
      path: `/_plugins/_security/api/roles/${WRITE_ROLE}`,
      // The indexer creates and deletes its indexes (reset) as well as writing documents.
      body: {
        cluster_permissions: ['cluster_composite_ops'],
        index_permissions: [{ index_patterns: indexPatterns, allowed_actions: ['indices_all'] }],
      },
    },
    {
      method: 'PUT',
      path: `/_plugins/_security/api/rolesmapping/${READ_ROLE}`,
      body: { backend_roles: [...readRoleArns] },
    },
    {
      method: 'PUT',
      path: `/_plugins/_security/api/rolesmapping/${WRITE_ROLE}`,
      body: { backend_roles: [...writeRoleArns] },
    },
  ];
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

export const handler = async (): Promise<{ applied: number }> => {
  const endpoint = process.env.SEARCH_ENDPOINT;
  const region = process.env.AWS_REGION;
  if (!endpoint || !region) throw new Error('SEARCH_ENDPOINT and AWS_REGION must be set');
  const send = signedOpenSearchRequest({ endpoint, region, requestTimeoutMs: 20_000, maxRetries: 3 });
  const requests = roleMappingRequests(
    list(process.env.SEARCH_READ_ROLE_ARNS),
    list(process.env.SEARCH_WRITE_ROLE_ARNS),
  );
  for (const request of requests) await send(request.method, request.path, request.body);
  return { applied: requests.length };
};
