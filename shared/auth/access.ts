import { problems } from '../http/problem.ts';
import { isGroup, type Group } from './groups.ts';

/** Who is calling, as the gateway's JWT authorizer verified it. */
export interface AuthContext {
  userId: string;
  username: string;
  groups: Group[];
}

/**
 * Claims as API Gateway HTTP API passes them: values are strings, and array claims such
 * as cognito:groups arrive as "[a b]" (or as a real array from other callers).
 */
export function authFromClaims(claims: Record<string, unknown> | undefined): AuthContext | undefined {
  if (!claims || typeof claims.sub !== 'string') return undefined;
  // Only access tokens: an ID token of the same app client is signed by the same pool, and API
  // Gateway's JWT authorizer would pass it on routes without scopes (decision 0024).
  if (claims.token_use !== 'access') return undefined;
  const raw = claims['cognito:groups'];
  const list = Array.isArray(raw)
    ? raw.map(String)
    : typeof raw === 'string'
      ? raw
          .replace(/^\[|\]$/g, '')
          .split(/[\s,]+/)
          .filter(Boolean)
      : [];
  return {
    userId: claims.sub,
    username: typeof claims.username === 'string' ? claims.username : claims.sub,
    groups: list.filter(isGroup),
  };
}

export interface AccessRule {
  /** The caller must be in one of these groups (else 403). */
  anyGroup?: readonly Group[];
  /** The record's owner; anyone else gets 404, as if it did not exist. */
  owner?: string;
  /** Groups that may act on records they do not own (e.g. platform_admin). */
  overrideGroups?: readonly Group[];
}

/** The one role + ownership check every handler uses. Throws a problem; returns nothing. */
export function authorize(auth: AuthContext, rule: AccessRule): void {
  if (rule.anyGroup && !rule.anyGroup.some((group) => auth.groups.includes(group))) throw problems.forbidden();
  if (rule.owner !== undefined && rule.owner !== auth.userId) {
    const overrides = rule.overrideGroups ?? [];
    if (!overrides.some((group) => auth.groups.includes(group))) throw problems.notFound();
  }
}
