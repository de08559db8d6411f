import { describe, expect, it } from 'vitest';
import { authFromClaims, authorize } from './access.ts';
import type { HttpProblem } from '../http/problem.ts';

describe('authFromClaims', () => {
  const access = { token_use: 'access' };
  it('reads groups the way API Gateway passes them ("[a b]") and as arrays', () => {
    expect(
      authFromClaims({ ...access, 'sub': 'u1', 'username': 'u1', 'cognito:groups': '[customer platform_admin]' })
        ?.groups,
    ).toEqual(['customer', 'platform_admin']);
    expect(authFromClaims({ ...access, 'sub': 'u1', 'cognito:groups': ['clinic_admin'] })?.groups).toEqual([
      'clinic_admin',
    ]);
    expect(authFromClaims({ ...access, 'sub': 'u1', 'cognito:groups': '[hacker customer]' })?.groups).toEqual([
      'customer',
    ]);
    expect(authFromClaims({ ...access, sub: 'u1' })?.groups).toEqual([]);
    expect(authFromClaims(undefined)).toBeUndefined();
    expect(authFromClaims({ ...access, username: 'no-sub' })).toBeUndefined();
  });

  it('accepts access tokens only: the claims of an ID token (or of no stated use) are no caller', () => {
    expect(authFromClaims({ 'sub': 'u1', 'token_use': 'id', 'cognito:groups': '[customer]' })).toBeUndefined();
    expect(authFromClaims({ 'sub': 'u1', 'cognito:groups': '[customer]' })).toBeUndefined();
    expect(authFromClaims({ 'sub': 'u1', 'token_use': 'access', 'cognito:groups': '[customer]' })?.userId).toBe('u1');
  });
});

describe('authorize', () => {
  const customer = { userId: 'u1', username: 'u1', groups: ['customer' as const] };
  const admin = { userId: 'a1', username: 'a1', groups: ['platform_admin' as const] };
  const status = (fn: () => void) => {
    try {
      fn();
      return 200;
    } catch (error) {
      return (error as HttpProblem).status;
    }
  };
  it('lets the owner through and hides the record from anyone else (404)', () => {
    expect(status(() => authorize(customer, { owner: 'u1' }))).toBe(200);
    expect(status(() => authorize(customer, { owner: 'u2' }))).toBe(404);
  });
  it('refuses a missing role with 403', () => {
    expect(status(() => authorize(customer, { anyGroup: ['platform_admin'] }))).toBe(403);
    expect(status(() => authorize(admin, { anyGroup: ['platform_admin'] }))).toBe(200);
  });
  it('lets override groups act on records they do not own', () => {
    expect(status(() => authorize(admin, { owner: 'u1', overrideGroups: ['platform_admin'] }))).toBe(200);
    expect(status(() => authorize(customer, { owner: 'u9', overrideGroups: ['platform_admin'] }))).toBe(404);
  });
});
