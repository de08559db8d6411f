import { defineEntity, isConditionFailure } from '#shared/table/entity.ts';
import type { Listing, ListingProjections, ProductListing, ProductProjections, Projections } from './search.ts';

/**
 * The search domain's own copy of each vendor listing, as the last vendor.listing_updated
 * carried it. The reindex reads them all through gsi1.
 *
 *   pk SEARCH_LISTING#<vendorId>  sk LISTING   gsi1 SEARCH_LISTINGS / <vendorId>
 *   pk SEARCH_PRODUCT#<productId> sk LISTING   gsi1 SEARCH_PRODUCTS / <productId>   (product.listing_updated, the same way)
 */
interface Stored<L> {
  listingVersion: number;
  listing: L;
}

/** One kind of listing's projections: an item per listing under `<prefix>#<id>`, all of them in gsi1 `partition`. */
function tableProjections<L extends { listingVersion: number }>(shape: {
  type: string;
  prefix: string;
  partition: string;
  idOf: (listing: L) => string;
}): Projections<L> {
  const { type, prefix, partition, idOf } = shape;
  const listings = defineEntity<Stored<L>, { id: string }>({
    type,
    version: 1,
    key: ({ id }) => ({ pk: `${prefix}#${id}`, sk: 'LISTING' }),
  }).withQueries({ all: { index: 'gsi1', partition, sort: (stored) => idOf(stored.listing) } });

  return {
    async save(listing) {
      try {
        await listings.put(
          { id: idOf(listing) },
          { listingVersion: listing.listingVersion, listing },
          { newerThanStored: 'listingVersion' },
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async page(cursor) {
      const page = await listings.query.all({ limit: 100, cursor });
      return { items: page.items.map((stored) => stored.listing), nextCursor: page.nextCursor };
    },
  };
}

const listings = tableProjections<Listing>({
  type: 'searchListing',
  prefix: 'SEARCH_LISTING',
  partition: 'SEARCH_LISTINGS',
  idOf: (listing) => listing.vendorId,
});

const productListings = tableProjections<ProductListing>({
  type: 'searchProduct',
  prefix: 'SEARCH_PRODUCT',
  partition: 'SEARCH_PRODUCTS',
  idOf: (listing) => listing.productId,
});

export function dynamoListingProjections(): ListingProjections {
  return listings;
}

export function dynamoProductProjections(): ProductProjections {
  return productListings;
}
