import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadManifests, REPO_ROOT } from './registry.ts';
import { buildOpenApi } from './openapi.ts';

/** `npm run openapi`: writes docs/api/openapi.json, which the platform domain serves. */
export const OPENAPI_FILE = join(REPO_ROOT, 'docs/api/openapi.json');

export async function renderOpenApi(): Promise<string> {
  return `${JSON.stringify(buildOpenApi(await loadManifests()), null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  mkdirSync(join(REPO_ROOT, 'docs/api'), { recursive: true });
  writeFileSync(OPENAPI_FILE, await renderOpenApi());
  console.log(`wrote ${OPENAPI_FILE}`);
}
