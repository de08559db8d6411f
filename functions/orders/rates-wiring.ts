import { shippingRate } from '../shipping/shipments.ts';
import { ordersService, type OrdersService } from './orders.ts';
import { orderPorts } from './wiring.ts';

/** The orders use cases that ask the carrier for rates (only the quote route carries the carrier's key). */
let service: OrdersService | undefined;

export function ordersWithRates(): OrdersService {
  service ??= ordersService(orderPorts({ shippingRate }));
  return service;
}
