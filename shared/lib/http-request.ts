import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * One HTTP(S) request to a provider (payments, carriers, messaging, OpenSearch), answered as text.
 * Over node:http(s), which every bundle already loads for the AWS SDK, not `fetch`: the first fetch
 * in a process loads undici, ~15–20 ms more CPU on a cold start (decision 0005).
 */
export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface HttpRequestOptions {
  method: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** No answer (headers and body) within this → rejects with a `TimeoutError`. */
  timeoutMs: number;
}

export class TimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TimeoutError';
  }
}

export function sendHttpRequest(url: string | URL, options: HttpRequestOptions): Promise<HttpAnswer> {
  const target = typeof url === 'string' ? new URL(url) : url;
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const headers = { ...options.headers };
  if (options.body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length')) {
    headers['content-length'] = String(Buffer.byteLength(options.body));
  }
  return new Promise((resolve, reject) => {
    const outgoing = send(target, { method: options.method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        clearTimeout(timer);
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          text: Buffer.concat(chunks).toString('utf8'),
        });
      });
      response.on('error', fail);
    });
    const timer = setTimeout(
      () =>
        outgoing.destroy(
          new TimeoutError(
            `${options.method} ${target.origin}${target.pathname}: no answer within ${options.timeoutMs} ms`,
          ),
        ),
      options.timeoutMs,
    );
    function fail(error: Error) {
      clearTimeout(timer);
      reject(error);
    }
    outgoing.on('error', fail);
    outgoing.end(options.body);
  });
}
