import { DEFAULT_COMMISSION_RATES } from '#shared/config/commission.ts';
import { ownedAddress } from '#shared/table/addresses.ts';
import { rateOffer } from '#shared/table/rate-offers.ts';
import { vendorStaffRole } from '#shared/table/vendor-staff.ts';
import { fulfilmentService, type FulfilmentService } from './fulfilment.ts';
import { ordersService, type OrdersPorts, type OrdersService } from './orders.ts';
import { dynamoOrdersStore } from './store.ts';

/** The orders use cases on the table (shipping is reached through its events and the rate offers it publishes, never its code). */
let service: OrdersService | undefined;
let shipments: FulfilmentService | undefined;

export function orderPorts(extra: Partial<OrdersPorts> = {}): OrdersPorts {
  return {
    store: dynamoOrdersStore(),
    address: async (userId, addressId) => {
      const address = await ownedAddress(userId, addressId);
      if (!address) return undefined;
      const { recipientName, phone, line1, line2, city, province, postalCode, lat, lon } = address;
      return { addressId, recipientName, phone, line1, line2, city, province, postalCode, lat, lon };
    },
    rateOffer: (key) => rateOffer(key),
    staffRole: vendorStaffRole,
    commissionRate: (kind) => DEFAULT_COMMISSION_RATES[kind],
    ...extra,
  };
}

export function orders(): OrdersService {
  service ??= ordersService(orderPorts());
  return service;
}

/** The order's shipping (ship request, shipping's answers, tracking): its own module, kept out of the cart and checkout bundles. */
export function fulfilment(): FulfilmentService {
  shipments ??= fulfilmentService(orderPorts());
  return shipments;
}
