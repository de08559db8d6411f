import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { requireEnv } from '../config/env.ts';

/**
 * What `@smithy/signature-v4` needs to sign requests without an SDK client: SHA-256 on
 * node:crypto and the function's credentials from its environment (the Lambda runtime puts the
 * role's keys there). Used by the S3 presigner and the OpenSearch transport.
 */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData) =>
  typeof data === 'string'
    ? data
    : data instanceof ArrayBuffer
      ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);

/** SHA-256 / HMAC-SHA-256 in the shape the signer expects. */
export class Sha256 {
  private readonly secret: SourceData | undefined;
  private hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.secret = secret;
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(this.secret));
  }
  update(data: SourceData): void {
    this.hash.update(bytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

export function lambdaCredentials(): { accessKeyId: string; secretAccessKey: string; sessionToken?: string } {
  return {
    accessKeyId: requireEnv('AWS_ACCESS_KEY_ID' as never),
    secretAccessKey: requireEnv('AWS_SECRET_ACCESS_KEY' as never),
    ...(process.env.AWS_SESSION_TOKEN ? { sessionToken: process.env.AWS_SESSION_TOKEN } : {}),
  };
}
