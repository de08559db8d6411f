import { DEFAULT_COMMISSION_RATES } from '#shared/config/commission.ts';
import { ownedAddress } from '#shared/table/addresses.ts';
import { rateOffer } from '#shared/table/rate-offers.ts';
import { vendorStaffRole } from '#shared/table/vendor-staff.ts';
import { cartService, type CartService } from './cart.ts';
import { checkoutService, type CheckoutPorts, type CheckoutService } from './checkout.ts';
import { fulfilmentService, type FulfilmentService } from './fulfilment.ts';
import { listingsService, type ListingsService } from './listings.ts';
import type { OrderMovesPorts } from './order-moves.ts';
import type { RecordPorts } from './order-rules.ts';
import { ordersService, type OrdersService } from './orders.ts';
import { sagaService, type SagaService } from './saga.ts';
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

let table: RecordPorts | undefined;
const onTable = (): RecordPorts => (table ??= { store: dynamoOrdersStore() });
const withStaff = (): OrderMovesPorts => ({ ...onTable(), staffRole: vendorStaffRole });

const built: {
  listings?: ListingsService;
  carts?: CartService;
  checkouts?: CheckoutService;
  saga?: SagaService;
  orders?: OrdersService;
  fulfilment?: FulfilmentService;
} = {};

export const listings = () => (built.listings ??= listingsService(onTable()));
export const carts = () => (built.carts ??= cartService(onTable()));
export const checkouts = () => (built.checkouts ??= checkoutService({ ...onTable(), ...pricing() }));
export const saga = () => (built.saga ??= sagaService(onTable()));
export const orders = () => (built.orders ??= ordersService(withStaff()));
/** The order's shipping (ship request, shipping's answers, tracking): its own module, kept out of the cart and checkout bundles. */
export const fulfilment = () => (built.fulfilment ??= fulfilmentService(withStaff()));
