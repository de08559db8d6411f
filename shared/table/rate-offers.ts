import { RATE_OFFER_VALID_MINUTES } from '../lib/shipping.ts';
import { defineEntity } from './entity.ts';

/**
 * Rate offers — a published read model.
 *
 *   Owner:   shipping (the only writer: POST /v1/shipping/rates, asked from a vendor to one of the
 *            caller's saved addresses, stores every service it offers).
 *   Readers: orders (the checkout quote prices each shop's shipping from the offer of the service
 *            the customer chose: no carrier call, no shipping code in orders).
 *
 *   pk RATE_OFFERS#<customerId>   sk <vendorId>#<addressId>#<serviceCode>
 *
 * One offer per (customer, vendor, address, service): a newer ask replaces it. It holds the price and
 * ETA the carrier quoted, the parcel weight that was asked (an offer prices at most that weight) and
 * when it expires — RATE_OFFER_VALID_MINUTES after the ask, stored as epoch seconds in the table's TTL
 * attribute (`expiresAt`, shared/table/definition.ts); DynamoDB deletes lazily, so reads check it too.
 */

/** How long an offer holds (defined with shipping's vocabulary, so domain modules read it without the table client). */
export { RATE_OFFER_VALID_MINUTES };

export interface RateOfferKey {
  customerId: string;
  vendorId: string;
  addressId: string;
  /** `jne:reg`, `grab:instant`, ... */
  serviceCode: string;
}

export interface RateOffer extends RateOfferKey {
  /** Whole rupiah. */
  price: number;
  etaDays: { min: number; max: number };
  /** The parcel weight the rates were asked for: the offer holds for parcels up to it. */
  weightGrams: number;
  offeredAt: string;
  /** ISO; stored as epoch seconds (TTL). */
  expiresAt: string;
}

type Stored = Omit<RateOffer, 'expiresAt'> & { expiresAt: number };

export const rateOfferKey = ({ customerId, vendorId, addressId, serviceCode }: RateOfferKey) => ({
  pk: `RATE_OFFERS#${customerId}`,
  sk: `${vendorId}#${addressId}#${serviceCode}`,
});

const offers = defineEntity<Stored, RateOfferKey>({ type: 'rateOffer', version: 1, key: rateOfferKey });

/** Shipping: stores (replaces) these offers. */
export async function saveRateOffers(list: readonly RateOffer[]): Promise<void> {
  await Promise.all(
    list.map((offer) => offers.put(offer, { ...offer, expiresAt: Math.floor(Date.parse(offer.expiresAt) / 1000) })),
  );
}

/** Orders: the offer for this customer, vendor, address and service, unless there is none or it expired by `now`. */
export async function rateOffer(key: RateOfferKey, now: Date = new Date()): Promise<RateOffer | undefined> {
  const stored = await offers.get(key);
  if (!stored || stored.expiresAt * 1000 <= now.getTime()) return undefined;
  return { ...stored, expiresAt: new Date(stored.expiresAt * 1000).toISOString() };
}
