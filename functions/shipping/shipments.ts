import type { AuthContext } from '#shared/auth/access.ts';
import type { BookedShipment, BookShipmentInput, ShipmentView, ShipTo } from './shipping.ts';
import type { ParcelItem, Rate } from './model.ts';
import { shipping } from './wiring.ts';

/**
 * The shipping use cases other domains call in-process (the orders domain's ship route and its
 * checkout quote). The calling function needs, in its manifest route's access:
 *
 *   { table: 'readwrite', uploads: 'readwrite', providerSecrets: ['biteship'] }
 *
 * (the table for shipping's items, the uploads bucket for the label, the Biteship key and URL).
 */
export type { AddressSnapshot, BookedShipment, BookShipmentInput, ShipTo } from './shipping.ts';
export type { ParcelItem, Rate } from './model.ts';

/**
 * Books the courier for an order and answers `{ shipmentId, trackingNumber, labelUrl, status }`
 * (status `booked`, or further along when asked again later).
 *
 * - Once per order: the shipment is created with a conditional write on `SHIPMENT_FOR#<orderId>`;
 *   calling again (a retry, a double click) answers the same shipment, with a fresh label link.
 *   While another call is booking the same order at the carrier: 409 `request-in-progress`.
 * - Picks up at the vendor's listed address (shipping's copy of `vendor.listing_updated`), delivers
 *   to `destination` — the customer's saved address by id, or the snapshot the order kept.
 * - Books through Biteship (`serviceCode` as checkout chose it, e.g. `jne:reg`), stores the label
 *   PDF in the uploads bucket (`labels/<shipmentId>.pdf`) and returns a presigned GET for it (1 h).
 * - Emits `shipment.status_changed` (requested → booked) with the booking; later tracking moves
 *   it on (picked_up, in_transit, delivered | cancelled, returned), one event per transition.
 * - Throws HttpProblem: 422 `validation` (unknown service code, bad items, no pickup address for the
 *   vendor, no such customer address), 422 `coordinates-required` (Grab without map points),
 *   422 `service-not-offered` (the courier does not serve the route), 502 `carrier-unavailable`
 *   (retry later), 409 (in progress, or the courier cancelled it before a waybill existed).
 */
export function bookShipment(input: BookShipmentInput): Promise<BookedShipment> {
  return shipping().bookShipment(input);
}

/**
 * The price and ETA of one courier service for an order's parcel (checkout's quote): the vendor's
 * pickup point to `destination`. Same problems as bookShipment; 404 when the vendor is not listed.
 */
export function shippingRate(input: { vendorId: string; customerId: string; destination: ShipTo; items: ParcelItem[]; serviceCode: string }): Promise<Rate> {
  return shipping().rateFor(input);
}

/**
 * A shipment as its customer or the vendor's staff see it (status and tracking history; the label
 * link for staff only); anyone else 404. The calling route needs `{ table: 'read', uploads: 'read' }`.
 */
export function shipmentFor(caller: { userId: string; groups: AuthContext['groups'] }, shipmentId: string): Promise<ShipmentView> {
  return shipping().shipmentFor(caller, shipmentId);
}
