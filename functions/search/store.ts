import { defineEntity, isConditionFailure } from '#shared/table/entity.ts';
import type { Listing, ListingProjections } from './search.ts';

/**
 * The search domain's own copy of each vendor listing, as the last vendor.listing_updated
 * carried it. The reindex reads them all through gsi1.
 *
 *   pk SEARCH_LISTING#<vendorId>  sk LISTING   gsi1 SEARCH_LISTINGS / <vendorId>
 */
interface StoredListing {
  listingVersion: number;
  listing: Listing;
}

const listings = defineEntity<StoredListing, { vendorId: string }>({
  type: 'searchListing',
  version: 1,
  key: ({ vendorId }) => ({ pk: `SEARCH_LISTING#${vendorId}`, sk: 'LISTING' }),
  indexes: { gsi1: (stored) => ({ pk: 'SEARCH_LISTINGS', sk: stored.listing.vendorId }) },
});

export function dynamoListingProjections(): ListingProjections {
  return {
    async save(listing) {
      try {
        await listings.put({ vendorId: listing.vendorId }, { listingVersion: listing.listingVersion, listing }, { newerThanStored: 'listingVersion' });
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    async page(cursor) {
      const page = await listings.query('SEARCH_LISTINGS', { index: 'gsi1', limit: 100, cursor });
      return { items: page.items.map((stored) => stored.listing), nextCursor: page.nextCursor };
    },
  };
}
