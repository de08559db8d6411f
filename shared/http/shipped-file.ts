import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * A file of an npm package that a route declares in its manifest `files`: in Lambda it lies next to
 * the bundle (CDK copies it there), run from source it is resolved in node_modules.
 */
export function shippedFile(specifier: string, moduleUrl: string): Buffer {
  const besideBundle = join(dirname(fileURLToPath(moduleUrl)), basename(specifier));
  if (existsSync(besideBundle)) return readFileSync(besideBundle);
  return readFileSync(createRequire(moduleUrl).resolve(specifier));
}
