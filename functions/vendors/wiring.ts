import type { AuthContext } from '#shared/auth/access.ts';
import type { Reply } from '#shared/http/route.ts';
import { etag } from '#shared/http/versioning.ts';
import { cognitoDirectory, s3DocumentStorage } from './adapters.ts';
import { dynamoVendorsStore } from './store.ts';
import { vendorsService, type Caller, type VendorsService } from './vendors.ts';

/** The use cases wired to DynamoDB, S3 presigning and Cognito, built at first use. */
let service: VendorsService | undefined;

export function vendors(): VendorsService {
  service ??= vendorsService({ store: dynamoVendorsStore(), documents: s3DocumentStorage(), directory: cognitoDirectory() });
  return service;
}

export function caller(request: { auth: AuthContext; correlationId: string }): Caller {
  return { auth: request.auth, correlationId: request.correlationId };
}

/** 200/201 with the resource and its `ETag: "<version>"` (what a later If-Match sends back). */
export function tagged(body: { version: number }, status = 200, location?: string): Reply {
  return { status, body, headers: { ...(location ? { location } : {}), etag: etag(body.version) } };
}
