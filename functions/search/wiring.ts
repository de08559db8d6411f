import { searchEngine } from './engine/select.ts';
import { listingIndexer, searchService, type ListingIndexer, type SearchService } from './search.ts';
import { dynamoListingProjections } from './store.ts';

/** The search use cases wired to the configured engine (and, for indexing, the table), built at first use. */
let queries: Promise<SearchService> | undefined;
let indexer: Promise<ListingIndexer> | undefined;

export function search(): Promise<SearchService> {
  queries ??= searchEngine().then((engine) => searchService({ engine }));
  return queries;
}

export function indexing(): Promise<ListingIndexer> {
  indexer ??= searchEngine().then((engine) => listingIndexer({ engine, projections: dynamoListingProjections() }));
  return indexer;
}
