import { bookShipment, shipmentFor } from '../shipping/shipments.ts';
import { ordersService, type OrdersService } from './orders.ts';
import { orderPorts } from './wiring.ts';

/** The orders use cases able to book couriers (only the ship route carries the carrier's key and the label bucket). */
let service: OrdersService | undefined;

export function ordersWithCourier(): OrdersService {
  service ??= ordersService(orderPorts({ bookShipment }));
  return service;
}

/** A shipment's tracking as shipping shows it to this caller (its published in-process interface). */
export { shipmentFor };
