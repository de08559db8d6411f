import type { EventEnvelope } from '#shared/events/catalog.ts';
import type { Carrier } from '#shared/lib/shipping.ts';
import { epochSeconds } from '#shared/lib/time.ts';
import { defineEntity, isConditionFailure } from '#shared/table/entity.ts';
import { saveRateOffers } from '#shared/table/rate-offers.ts';
import { commitWithEvents, committing, ConditionFailedError, tx } from '#shared/table/transact.ts';
import { type Shipment, type ShippingStore, type ShipRefusal, type VendorOrigin } from './model.ts';

/**
 * The shipping domain's items:
 *
 *   pk SHIPMENT#<id>               sk SHIPMENT    shipment   gsi1 CARRIER_ORDER#<carrier>#<carrierOrderId> / SHIPMENT (once booked)
 *   pk SHIPMENT_FOR#<orderId>      sk REFERENCE   one shipment per order (conditional create)
 *   pk SHIPPING_VENDOR#<vendorId>  sk ORIGIN      the vendor's pickup point, from its listing (newest wins)
 *   pk SHIP_REQUEST#<requestId>    sk REFUSED     a ship request refused for good (with its shipment.booking_failed, once); TTL 30 days
 *
 * And the rate offers it publishes for orders (shared/table/rate-offers.ts: RATE_OFFERS#<customerId>).
 */
const shipments = defineEntity<Shipment, { shipmentId: string }>({
  type: 'shipment',
  version: 1,
  key: ({ shipmentId }) => ({ pk: `SHIPMENT#${shipmentId}`, sk: 'SHIPMENT' }),
}).withQueries({
  // Tracking updates name the carrier's order: the index finds ours once it is booked.
  byCarrierOrder: {
    index: 'gsi1',
    when: (shipment): shipment is Shipment & { carrierOrderId: string } => !!shipment.carrierOrderId,
    partition: ({ carrier, carrierOrderId }: { carrier: Carrier; carrierOrderId: string }) =>
      `CARRIER_ORDER#${carrier}#${carrierOrderId}`,
    sort: () => 'SHIPMENT',
  },
});

const orderShipments = defineEntity<{ shipmentId: string; orderId: string }, { orderId: string }>({
  type: 'orderShipment',
  version: 1,
  key: ({ orderId }) => ({ pk: `SHIPMENT_FOR#${orderId}`, sk: 'REFERENCE' }),
});

const origins = defineEntity<VendorOrigin, { vendorId: string }>({
  type: 'shippingOrigin',
  version: 1,
  key: ({ vendorId }) => ({ pk: `SHIPPING_VENDOR#${vendorId}`, sk: 'ORIGIN' }),
});

/** Past any redelivery of the request (SQS keeps a message 14 days at most). */
const REFUSAL_KEEP_SECONDS = 30 * 86_400;

const refusals = defineEntity<ShipRefusal & { expiresAt: number }, { requestId: string }>({
  type: 'shipRefusal',
  version: 1,
  key: ({ requestId }) => ({ pk: `SHIP_REQUEST#${requestId}`, sk: 'REFUSED' }),
});

export function dynamoShippingStore(): ShippingStore {
  return {
    getShipment: (shipmentId) => shipments.get({ shipmentId }),

    async shipmentByOrder(orderId) {
      const found = await orderShipments.get({ orderId });
      return found ? shipments.get({ shipmentId: found.shipmentId }) : undefined;
    },

    async shipmentByCarrierOrder(carrier: Carrier, carrierOrderId: string) {
      const { items } = await shipments.query.byCarrierOrder({ carrier, carrierOrderId }, { limit: 1 });
      // The index is eventually consistent: read the item itself for the current version.
      return items[0] ? shipments.get({ shipmentId: items[0].shipmentId }) : undefined;
    },

    create: (shipment) =>
      committing(() =>
        commitWithEvents([
          tx.put(
            orderShipments.putParams(
              { orderId: shipment.orderId },
              { shipmentId: shipment.shipmentId, orderId: shipment.orderId },
              { mustNotExist: true },
            ),
          ),
          tx.put(shipments.putParams(shipment, shipment, { mustNotExist: true })),
        ]),
      ),

    transition: (shipment, expectedVersion, events: EventEnvelope[]) =>
      committing(() =>
        commitWithEvents([tx.put(shipments.putParams(shipment, shipment, { expectedVersion }))], events),
      ),

    publish: (events) => commitWithEvents([], events),

    origin: (vendorId) => origins.get({ vendorId }),

    async saveOrigin(origin) {
      try {
        await origins.put({ vendorId: origin.vendorId }, origin, { newerThanStored: 'listingVersion' });
        return 'saved';
      } catch (error) {
        if (isConditionFailure(error)) return 'stale';
        throw error;
      }
    },

    saveRateOffers,

    refused: async (requestId) => (await refusals.get({ requestId })) !== undefined,

    async refuse(refusal, events) {
      try {
        await commitWithEvents(
          [
            tx.put(
              refusals.putParams(
                refusal,
                { ...refusal, expiresAt: epochSeconds() + REFUSAL_KEEP_SECONDS },
                { mustNotExist: true },
              ),
            ),
          ],
          events,
        );
        return true;
      } catch (error) {
        if (error instanceof ConditionFailedError) return false;
        throw error;
      }
    },
  };
}
