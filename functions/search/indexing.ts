import { searchEngine } from './engine/select.ts';
import { listingIndexer, type ListingIndexer } from './search.ts';
import { dynamoListingProjections } from './store.ts';

/** The indexer on the configured engine and the table's listing projections, built at first use. */
let indexer: Promise<ListingIndexer> | undefined;

export function indexing(): Promise<ListingIndexer> {
  indexer ??= searchEngine().then((engine) => listingIndexer({ engine, projections: dynamoListingProjections() }));
  return indexer;
}
