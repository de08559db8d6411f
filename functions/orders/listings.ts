import type { ProductListing, VendorListing } from './model.ts';
import type { RecordPorts } from './order-rules.ts';

/**
 * The listings orders keeps copies of, from the catalog's and vendors' events (product.listing_updated,
 * vendor.listing_updated): the prices, stock and vendor kinds the cart and checkout read.
 */
export function listingsService(ports: RecordPorts) {
  const { store } = ports;

  return {
    saveProduct: (listing: ProductListing) => store.saveProduct(listing),
    saveVendor: (listing: VendorListing) => store.saveVendor(listing),
  };
}

export type ListingsService = ReturnType<typeof listingsService>;
