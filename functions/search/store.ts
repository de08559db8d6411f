import { defineEntity, isConditionFailure } from '#shared/table/entity.ts';
import type { Listing, ListingProjections, ProductListing, ProductProjections } from './search.ts';

/**
 * The search domain's own copy of each vendor listing, as the last vendor.listing_updated
 * carried it. The reindex reads them all through gsi1.
 *
 *   pk SEARCH_LISTING#<vendorId>  sk LISTING   gsi1 SEARCH_LISTINGS / <vendorId>
 *   pk SEARCH_PRODUCT#<productId> sk LISTING   gsi1 SEARCH_PRODUCTS / <productId>   (product.listing_updated, the same way)
 */
interface StoredListing {
  listingVersion: number;
  listing: Listing;
}

const listings = defineEntity<StoredListing, { vendorId: string }>({
  type: 'searchListing',
  version: 1,
  key: ({ vendorId }) => ({ pk: `SEARCH_LISTING#${vendorId}`, sk: 'LISTING' }),
}).withQueries({ all: { index: 'gsi1', partition: 'SEARCH_LISTINGS', sort: (stored) => stored.listing.vendorId } });

export function dynamoListingProjections(): ListingProjections {
  return {
    async save(listing) {
      try {
        await listings.put(
          { vendorId: listing.vendorId },
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

interface StoredProduct {
  listingVersion: number;
  listing: ProductListing;
}

const productListings = defineEntity<StoredProduct, { productId: string }>({
  type: 'searchProduct',
  version: 1,
  key: ({ productId }) => ({ pk: `SEARCH_PRODUCT#${productId}`, sk: 'LISTING' }),
}).withQueries({ all: { index: 'gsi1', partition: 'SEARCH_PRODUCTS', sort: (stored) => stored.listing.productId } });

export function dynamoProductProjections(): ProductProjections {
  return {
    async save(listing) {
      try {
        await productListings.put(
          { productId: listing.productId },
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
      const page = await productListings.query.all({ limit: 100, cursor });
      return { items: page.items.map((stored) => stored.listing), nextCursor: page.nextCursor };
    },
  };
}
