import type { AuthContext } from '#shared/auth/access.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { RATE_OFFER_VALID_MINUTES } from '#shared/lib/shipping.ts';
import type { CarrierPort, Location, Rate } from './model.ts';
import {
  carrierProblem,
  dropOff,
  pickup,
  shippingRules,
  type AddressLookup,
  type RecordPorts,
} from './shipping-rules.ts';

/**
 * Courier rates: the two ends (a vendor's listed pickup point or a point; one of the caller's
 * addresses or a point) → the carrier's offered services → from a vendor to an address, each kept
 * as a rate offer that orders' quote prices from.
 */

export interface RatesPorts extends RecordPorts {
  carrier: CarrierPort;
  /** A customer's saved address (users domain, shared key). */
  address: AddressLookup;
}

/** What POST /v1/shipping/rates takes: the vendor or a point, the caller's address or a point, and the weight. */
export interface RatesInput {
  originVendorId?: string | undefined;
  origin?: Required<Location> | undefined;
  destinationAddressId?: string | undefined;
  destination?: Required<Location> | undefined;
  weightGrams: number;
  /** Declared value of the parcel, whole rupiah (default 0). */
  value?: number | undefined;
}

export function ratesService(ports: RatesPorts) {
  const { store, now, origin } = shippingRules(ports);
  const { carrier } = ports;

  return {
    /**
     * Courier rates from a vendor (its listed pickup point) or a point, to one of the caller's
     * addresses or a point, for a parcel of `weightGrams`. Grab is offered only when both ends have
     * coordinates (always: listings and saved addresses carry them). Asked from a vendor to one of the
     * caller's addresses, every offered service is also published as a rate offer (valid
     * RATE_OFFER_VALID_MINUTES, for parcels up to `weightGrams`), which orders' quote prices from.
     */
    async rates(caller: Pick<AuthContext, 'userId'>, input: RatesInput): Promise<Rate[]> {
      const from: Location = input.originVendorId
        ? pickup(await origin(input.originVendorId, 'originVendorId', true))
        : input.origin!;
      let to: Location;
      if (input.destinationAddressId) {
        const saved = await ports.address(caller.userId, input.destinationAddressId);
        if (!saved) throw refuse.notFound();
        to = dropOff(saved);
      } else to = input.destination!;
      let offered: Rate[];
      try {
        offered = await carrier.rates({
          origin: { lat: from.lat, lon: from.lon, postalCode: from.postalCode },
          destination: { lat: to.lat, lon: to.lon, postalCode: to.postalCode },
          items: [{ name: 'Paket PetPro', value: input.value ?? 0, weightGrams: input.weightGrams, quantity: 1 }],
        });
      } catch (error) {
        throw carrierProblem(error);
      }
      const { originVendorId: vendorId, destinationAddressId: addressId } = input;
      if (vendorId && addressId && offered.length > 0) {
        const at = now();
        const expiresAt = new Date(at.getTime() + RATE_OFFER_VALID_MINUTES * 60_000).toISOString();
        await store.saveRateOffers(
          offered.map((rate) => ({
            customerId: caller.userId,
            vendorId,
            addressId,
            serviceCode: rate.serviceCode,
            price: rate.price,
            etaDays: rate.etaDays,
            weightGrams: input.weightGrams,
            offeredAt: at.toISOString(),
            expiresAt,
          })),
        );
      }
      return offered;
    },
  };
}

export type RatesService = ReturnType<typeof ratesService>;
