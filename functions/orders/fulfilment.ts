import type { EventEnvelope } from '#shared/events/catalog.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { newId } from '#shared/lib/ids.ts';
import { SHIPMENT_STATUSES, type ShipmentStatus } from '#shared/lib/shipping.ts';
import {
  ORDER_STATUSES,
  type Order,
  type OrderShipment,
  type OrderStatus,
  type ShipmentChange,
  type Write,
} from './model.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { orderMoves, type OrderMovesPorts } from './order-moves.ts';

/**
 * The order after payment, as far as shipping goes — reached only through events (decision 0027):
 * the vendor's ship request (order.ship_requested, serialized with the cancel on the order's
 * version), shipping's answers (shipment.status_changed: the order keeps its shipment and moves on;
 * shipment.booking_failed: the request is cleared with its reason), and what tracking shows. Its own
 * module, so the cart and checkout functions do not carry it. No AWS imports.
 */

/** Shipments only move forward, and every step goes further along this list: the rank orders a shipment's statuses. */
const shipmentRank = (status: ShipmentStatus) => SHIPMENT_STATUSES.indexOf(status);

export function fulfilmentService(ports: OrderMovesPorts) {
  const { store } = ports;
  const { now, event, orderRef, visible, move } = orderMoves(ports);

  /** The order's shipment with this change in it; undefined when the change adds nothing (a duplicate). */
  function tracked(order: Order, change: ShipmentChange, at: string): OrderShipment | undefined {
    const current = order.shipment;
    if (current?.history.some((entry) => entry.status === change.status)) return undefined;
    // Before the first event: when the vendor asked for it (shipping's `requested`).
    const start =
      current?.history ??
      (order.shipRequest && change.status !== 'requested'
        ? [{ status: 'requested' as const, at: order.shipRequest.requestedAt }]
        : []);
    const history = [...start, { status: change.status, at }].sort(
      (a, b) => shipmentRank(a.status) - shipmentRank(b.status),
    );
    return {
      shipmentId: change.shipmentId,
      trackingNumber: change.trackingNumber ?? current?.trackingNumber ?? null,
      courier: change.courier,
      serviceCode: change.serviceCode,
      status: history.at(-1)!.status,
      history,
    };
  }

  /** Where the shipment's change moves the order, if anywhere (only forward). */
  function nextStep(
    order: Order,
    change: ShipmentChange,
    at: string,
    correlationId: string,
  ): { changes: Partial<Order>; writes?: Write[]; events: EventEnvelope[] } | undefined {
    if (change.status === 'booked' && order.status === 'paid') {
      return {
        changes: { status: 'processing' },
        events: [event('order.processing', { ...orderRef(order), shipmentId: change.shipmentId }, correlationId)],
      };
    }
    if (
      (change.status === 'picked_up' || change.status === 'in_transit') &&
      (order.status === 'paid' || order.status === 'processing')
    ) {
      return { changes: { status: 'shipped' }, events: [event('order.shipped', orderRef(order), correlationId)] };
    }
    if (
      change.status === 'delivered' &&
      (order.status === 'paid' || order.status === 'processing' || order.status === 'shipped')
    ) {
      return {
        changes: { status: 'delivered', deliveredAt: at },
        writes: [{ type: 'listDelivered', orderId: order.orderId, deliveredAt: at }],
        events: [event('order.delivered', orderRef(order), correlationId)],
      };
    }
    return undefined;
  }

  return {
    /** An order as its customer or the vendor's staff may see it (tracking). */
    get: async (caller: Caller, orderId: string) => (await visible(caller, orderId)).order,

    /**
     * The vendor asks for the courier: the paid order is marked ship-requested, with order.ship_requested,
     * in one write conditioned on the order's version (a cancel racing it loses, or wins and this finds
     * the order cancelled: 409). Shipping books it and answers through events (onShipment,
     * onBookingFailed). Asked again while requested or once booked: the order as it is, no second event.
     */
    async requestShipping(caller: Caller, orderId: string): Promise<Order> {
      const { as } = await visible(caller, orderId);
      if (as !== 'vendor') throw refuse.forbidden();
      const result = await move(orderId, ['paid'], (order) => {
        if (order.shipment || order.shipRequest) return 'skip';
        const shipRequest = { requestId: newId(), requestedAt: now().toISOString() };
        const { addressId, recipientName, phone, line1, line2, city, province, postalCode, lat, lon } =
          order.destination;
        return {
          changes: { shipRequest, shipFailure: null },
          events: [
            event(
              'order.ship_requested',
              {
                ...orderRef(order),
                requestId: shipRequest.requestId,
                serviceCode: order.shippingServiceCode,
                destination: {
                  addressId,
                  recipientName,
                  phone,
                  line1,
                  line2: line2 ?? null,
                  city,
                  province,
                  postalCode,
                  lat,
                  lon,
                },
                items: order.lines.map((line) => ({
                  name: line.name,
                  value: line.unitPrice,
                  weightGrams: line.weightGrams,
                  quantity: line.quantity,
                })),
              },
              caller.correlationId,
            ),
          ],
        };
      });
      if (result.changed || result.order.shipRequest || result.order.shipment) return result.order;
      throw refuse.conflict('order-state', { state: result.order.status });
    },

    /**
     * Shipping's tracking (shipment.status_changed, `at` when it happened): the order keeps its shipment
     * (status, courier, waybill, each status once in order — events may come late, twice or out of
     * order) and moves on: booked → processing (what the ship request asked for), picked up / in
     * transit → shipped, delivered → delivered.
     */
    async onShipment(change: ShipmentChange, at: string, correlationId: string): Promise<OrderStatus | undefined> {
      // A shipment booked for something that is not an order of ours (support, tests) moves nothing.
      if (!(await store.order(change.orderId))) return undefined;
      const result = await move(change.orderId, ORDER_STATUSES, (order) => {
        if (order.shipment && order.shipment.shipmentId !== change.shipmentId) return 'skip';
        const shipment = tracked(order, change, at);
        const step = nextStep(order, change, at, correlationId);
        if (!shipment && !step) return 'skip';
        return {
          changes: { ...(shipment ? { shipment } : {}), ...step?.changes },
          writes: step?.writes ?? [],
          events: step?.events ?? [],
        };
      });
      return result.order.status;
    },

    /**
     * Shipping refused the ship request for good (shipment.booking_failed): the request is cleared and
     * its reason kept, so the vendor sees why and may ask again (or cancel). A failure of an older
     * request, or one that comes after the booking, changes nothing.
     */
    async onBookingFailed(
      failure: { orderId: string; requestId: string; code: string; reason: string },
      at: string,
    ): Promise<boolean> {
      if (!(await store.order(failure.orderId))) return false;
      const result = await move(failure.orderId, ['paid'], (order) =>
        order.shipment || order.shipRequest?.requestId !== failure.requestId
          ? 'skip'
          : {
              changes: {
                shipRequest: null,
                shipFailure: { requestId: failure.requestId, code: failure.code, reason: failure.reason, at },
              },
              events: [],
            },
      );
      return result.changed;
    },
  };
}

export type FulfilmentService = ReturnType<typeof fulfilmentService>;
