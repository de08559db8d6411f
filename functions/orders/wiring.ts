import type { AuthContext } from '#shared/auth/access.ts';
import { DEFAULT_COMMISSION_RATES } from '#shared/config/commission.ts';
import { ownedAddress } from '#shared/table/addresses.ts';
import { vendorStaffRole } from '#shared/table/vendor-staff.ts';
import { ordersService, type Caller, type OrdersPorts, type OrdersService } from './orders.ts';
import { dynamoOrdersStore } from './store.ts';

/** The orders use cases on the table (the quote and ship routes add shipping's rates and booking: rates-wiring, ship-wiring). */
let service: OrdersService | undefined;

export function orderPorts(extra: Partial<OrdersPorts> = {}): OrdersPorts {
  return {
    store: dynamoOrdersStore(),
    address: async (userId, addressId) => {
      const address = await ownedAddress(userId, addressId);
      if (!address) return undefined;
      const { recipientName, phone, line1, city, province, postalCode, lat, lon } = address;
      return { addressId, recipientName, phone, line1, city, province, postalCode, lat, lon };
    },
    staffRole: vendorStaffRole,
    commissionRate: (kind) => DEFAULT_COMMISSION_RATES[kind],
    ...extra,
  };
}

export function orders(): OrdersService {
  service ??= ordersService(orderPorts());
  return service;
}

export function caller(request: { auth: AuthContext; correlationId: string }): Caller {
  return { auth: request.auth, correlationId: request.correlationId };
}
