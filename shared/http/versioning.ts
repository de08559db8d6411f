import { problems } from './problem.ts';

/**
 * `If-Match` → the version the caller last saw. Accepts `3`, `"3"` and `W/"3"`; `*` and no
 * header mean "any version". Anything else is a 400.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = header.trim();
  if (value === '' || value === '*') return undefined;
  const match = /^(?:W\/)?"?(\d{1,15})"?$/.exec(value);
  if (!match)
    throw problems.badRequest('validation', [
      { path: 'headers.if-match', message: 'must be a version number, e.g. "3"' },
    ]);
  return Number(match[1]);
}

/** The strong ETag of a resource version: `"3"`. */
export function etag(version: number): string {
  return `"${version}"`;
}
