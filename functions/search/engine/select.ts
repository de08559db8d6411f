import { ENV, requireEnv } from '#shared/config/env.ts';
import { openSearchEngine } from './opensearch.ts';
import type { SearchEngine } from './port.ts';
import type * as Embedded from './embedded.ts';

/**
 * The search engine of this process, chosen by SEARCH_ENGINE: 'opensearch' in AWS (CDK sets it
 * with SEARCH_ENDPOINT for functions with `search` access), 'embedded' on the local platform and
 * in tests. Built at first use, so importing a handler needs no environment.
 */
let engine: Promise<SearchEngine> | undefined;

export function searchEngine(): Promise<SearchEngine> {
  engine ??= chooseEngine();
  return engine;
}

/** The embedded engine is loaded by a URL esbuild does not follow, so Lambda bundles never carry it. */
const EMBEDDED_ENGINE_MODULE = new URL('./embedded.ts', import.meta.url).href;

async function chooseEngine(): Promise<SearchEngine> {
  const kind = process.env[ENV.searchEngine];
  switch (kind) {
    case 'opensearch':
      return openSearchEngine({ endpoint: requireEnv(ENV.searchEndpoint), region: awsRegion() });
    case 'embedded': {
      const embedded = (await import(EMBEDDED_ENGINE_MODULE)) as typeof Embedded;
      return embedded.sharedEmbeddedSearchEngine();
    }
    default:
      throw new Error(
        `${ENV.searchEngine} must be 'opensearch' or 'embedded' (got ${kind === undefined ? 'nothing' : `'${kind}'`})`,
      );
  }
}

/** Lambda sets AWS_REGION (not one of our ENV names). */
function awsRegion(): string {
  const region = process.env.AWS_REGION;
  if (!region) throw new Error('AWS_REGION is not set');
  return region;
}
