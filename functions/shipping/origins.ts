import type { EventData } from '#shared/events/catalog.ts';
import { shippingRules, type RecordPorts } from './shipping-rules.ts';

/**
 * The vendors' pickup points: vendor.listing_updated → shipping's copy of the vendor's address,
 * coordinates and phone (what rates and bookings pick up from); the newest listing wins.
 */
export function originsService(ports: RecordPorts) {
  const { store } = shippingRules(ports);

  return {
    /** From vendor.listing_updated: the newest listing wins, whatever the delivery order. */
    saveOrigin(listing: EventData<'vendor.listing_updated'>): Promise<'saved' | 'stale'> {
      const { vendorId, listingVersion, listed, name, phone, address, city, province, lat, lon, updatedAt } = listing;
      return store.saveOrigin({
        vendorId,
        listingVersion,
        listed,
        name,
        phone,
        address,
        city,
        province,
        postalCode: listing.postalCode ?? null,
        lat,
        lon,
        updatedAt,
      });
    },
  };
}

export type OriginsService = ReturnType<typeof originsService>;
