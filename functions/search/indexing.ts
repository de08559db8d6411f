import { searchEngine } from './engine/select.ts';
import { listingIndexer, type ListingIndexer } from './search.ts';
import { dynamoListingProjections, dynamoProductProjections } from './store.ts';

/** The indexer on the configured engine and the table's listing projections (vendors and products), built at first use. */
let indexer: Promise<ListingIndexer> | undefined;

export function indexing(): Promise<ListingIndexer> {
  indexer ??= searchEngine().then((engine) =>
    listingIndexer({ engine, projections: dynamoListingProjections(), products: dynamoProductProjections() }),
  );
  return indexer;
}
