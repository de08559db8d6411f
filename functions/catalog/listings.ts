import type { EventData } from '#shared/events/catalog.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import { catalogRules, RETRY, type RecordPorts } from './catalog-rules.ts';

/** Products republished at once when a vendor's name or status changes. */
const REPUBLISH_CONCURRENCY = 8;

/**
 * Products' listings for search, published again when what they carry moved elsewhere: stock that
 * checkout and orders moved (stock.changed), and the catalog's copy of the vendor's listing
 * (vendor.listing_updated) whose name, status or kind changed.
 */
export function listingsService(ports: RecordPorts) {
  const { store, listingEvent } = catalogRules(ports);

  /** Publishes the product's listing as it is now (no change): after stock moved elsewhere, or its vendor changed. */
  async function publishListing(productId: string, correlationId: string): Promise<'published' | 'gone'> {
    return retryOnConflict(RETRY, async () => {
      const product = await store.product(productId);
      const stock = await store.stock(productId);
      const vendor = product ? await store.vendor(product.vendorId) : undefined;
      if (!product || !stock || !vendor) return 'gone';
      await store.commit(
        [
          { type: 'productUnchanged', productId, version: product.version },
          { type: 'stockUnchanged', productId, version: stock.version },
          { type: 'vendorUnchanged', vendorId: vendor.vendorId, listingVersion: vendor.listingVersion },
        ],
        [await listingEvent(product, stock, vendor, correlationId)],
      );
      return 'published';
    });
  }

  return {
    // ------------------------------------------------------------ listings

    /** stock.changed (checkout reserved, an order released or committed): those products' listings are published again. */
    async refreshListings(productIds: readonly string[], correlationId: string): Promise<void> {
      for (const productId of new Set(productIds)) await publishListing(productId, correlationId);
    },

    /**
     * vendor.listing_updated → the catalog's copy (newest listingVersion wins). When the vendor's
     * name, status or kind differ from what its products' listings last carried, every product is
     * published again (a redelivered event finishes an interrupted push).
     */
    async saveVendorListing(
      listing: EventData<'vendor.listing_updated'>,
      correlationId: string,
    ): Promise<'saved' | 'stale'> {
      const { vendorId, name, kind, listed, listingVersion, updatedAt } = listing;
      const outcome = await store.saveVendor({ vendorId, name, kind, listed, listingVersion, updatedAt });
      const vendor = await store.vendor(vendorId);
      if (!vendor) return outcome;
      const published = vendor.published;
      if (
        published &&
        published.name === vendor.name &&
        published.listed === vendor.listed &&
        published.kind === vendor.kind
      )
        return outcome;
      let cursor: string | undefined;
      do {
        const page = await store.vendorProducts(vendorId, 100, cursor);
        for (let i = 0; i < page.items.length; i += REPUBLISH_CONCURRENCY) {
          await Promise.all(
            page.items
              .slice(i, i + REPUBLISH_CONCURRENCY)
              .map((product) => publishListing(product.productId, correlationId)),
          );
        }
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      await store.markPublished(vendorId, vendor.listingVersion, {
        name: vendor.name,
        listed: vendor.listed,
        kind: vendor.kind,
      });
      return outcome;
    },
  };
}

export type ListingsService = ReturnType<typeof listingsService>;
