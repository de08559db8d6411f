import { SignatureV4 } from '@smithy/signature-v4';
import { ENV, requireEnv } from '../config/env.ts';
import { lambdaCredentials, Sha256 } from '../lib/sigv4.ts';

/**
 * Presigned S3 URLs (SigV4, query-string auth) without the S3 client: that client would more
 * than double every bundle that only hands out URLs (docs/decisions/0002). Credentials and region
 * come from the Lambda environment; the endpoint from AWS_ENDPOINT_URL_S3 when set.
 */
export interface PresignedRequest {
  url: string;
  /** Headers the uploader must send exactly as given (they are part of the signature). */
  headers: Record<string, string>;
}

function objectLocation(bucket: string, key: string) {
  const region = process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'ap-southeast-3';
  const endpoint = new URL(process.env.AWS_ENDPOINT_URL_S3 ?? `https://s3.${region}.amazonaws.com`);
  const encodedKey = key.split('/').map(encodeURIComponent).join('/');
  const pathStyle = process.env[ENV.s3ForcePathStyle] === 'true';
  const hostname = pathStyle ? endpoint.hostname : `${bucket}.${endpoint.hostname}`;
  return {
    region,
    protocol: endpoint.protocol,
    hostname,
    port: endpoint.port ? Number(endpoint.port) : undefined,
    path: pathStyle ? `/${bucket}/${encodedKey}` : `/${encodedKey}`,
  };
}

export async function presignObjectUrl(options: {
  method: 'GET' | 'PUT';
  bucket?: string;
  key: string;
  expiresInSeconds: number;
  /** Signed headers the client must send, e.g. content-type and content-length of an upload. */
  headers?: Record<string, string>;
}): Promise<PresignedRequest> {
  const bucket = options.bucket ?? requireEnv(ENV.uploadsBucket);
  const location = objectLocation(bucket, options.key);
  const signer = new SignatureV4({
    service: 's3',
    region: location.region,
    credentials: lambdaCredentials(),
    sha256: Sha256,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const host = location.port ? `${location.hostname}:${location.port}` : location.hostname;
  const signedHeaders = Object.fromEntries(
    Object.entries(options.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
  );
  const signed = await signer.presign(
    {
      method: options.method,
      protocol: location.protocol,
      hostname: location.hostname,
      ...(location.port ? { port: location.port } : {}),
      path: location.path,
      query: {},
      headers: { host, 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...signedHeaders },
    },
    { expiresIn: options.expiresInSeconds, signableHeaders: new Set(Object.keys(signedHeaders)) },
  );
  const query = new URLSearchParams(signed.query as Record<string, string>).toString().replace(/\+/g, '%20');
  return { url: `${location.protocol}//${host}${location.path}?${query}`, headers: signedHeaders };
}
