import { searchEngine } from './engine/select.ts';
import { searchService, type SearchService } from './search.ts';

/** The public search use cases on the configured engine, built at first use. (No table: see indexing.ts.) */
let queries: Promise<SearchService> | undefined;

export function search(): Promise<SearchService> {
  queries ??= searchEngine().then((engine) => searchService({ engine }));
  return queries;
}
