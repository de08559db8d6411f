import { DEFAULT_COMMISSION_RATES } from '#shared/config/commission.ts';
import { once } from '#shared/lib/once.ts';
import { ownedAddress } from '#shared/table/addresses.ts';
import { rateOffer } from '#shared/table/rate-offers.ts';
import { vendorStaffRole } from '#shared/table/vendor-staff.ts';
import { cartService } from './cart.ts';
import { checkoutService, type CheckoutPorts } from './checkout.ts';
import { fulfilmentService } from './fulfilment.ts';
import { listingsService } from './listings.ts';
import type { OrderMovesPorts } from './order-moves.ts';
import type { RecordPorts } from './order-rules.ts';
import { ordersService } from './orders.ts';
import { sagaService } from './saga.ts';
import { dynamoOrdersStore } from './store.ts';

/**
 * The orders use cases on the table, each area built at first use: a handler builds (and bundles)
 * only its own area. Shipping is reached through its events and the rate offers it publishes, never
 * its code. The customer's addresses, shipping's rate offers and the commission rates come only to
 * checkout; the caller's role at a vendor (vendors' staff, through the shared key) only to the orders
 * and their shipping (fulfilment).
 */

/** Every area's ports: what `orderPorts` gives benches and tests building any area. */
export type OrdersPorts = CheckoutPorts & OrderMovesPorts;

const address: CheckoutPorts['address'] = async (userId, addressId) => {
  const found = await ownedAddress(userId, addressId);
  if (!found) return undefined;
  const { recipientName, phone, line1, line2, city, province, postalCode, lat, lon } = found;
  return { addressId, recipientName, phone, line1, line2, city, province, postalCode, lat, lon };
};

/** What checkout prices with, beyond the table. */
const pricing = (): Omit<CheckoutPorts, keyof RecordPorts> => ({
  address,
  rateOffer: (key) => rateOffer(key),
  commissionRate: (kind) => DEFAULT_COMMISSION_RATES[kind],
});

/** Every adapter, for benches and tests (with their own clock or rate offers in `extra`); handlers build their area alone. */
export function orderPorts(extra: Partial<OrdersPorts> = {}): OrdersPorts {
  return { store: dynamoOrdersStore(), ...pricing(), staffRole: vendorStaffRole, ...extra };
}

const onTable = /* @__PURE__ */ once((): RecordPorts => ({ store: dynamoOrdersStore() }));
const withStaff = (): OrderMovesPorts => ({ ...onTable(), staffRole: vendorStaffRole });

export const listings = /* @__PURE__ */ once(() => listingsService(onTable()));
export const carts = /* @__PURE__ */ once(() => cartService(onTable()));
export const checkouts = /* @__PURE__ */ once(() => checkoutService({ ...onTable(), ...pricing() }));
export const saga = /* @__PURE__ */ once(() => sagaService(onTable()));
export const orders = /* @__PURE__ */ once(() => ordersService(withStaff()));
/** The order's shipping (ship request, shipping's answers, tracking): its own module, kept out of the cart and checkout bundles. */
export const fulfilment = /* @__PURE__ */ once(() => fulfilmentService(withStaff()));
