import type { EventData, EventEnvelope } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { message as problemText } from '#shared/lib/messages.ts';
import { Refusal, refuse, type FieldError } from '#shared/lib/refusal.ts';
import { newId } from '#shared/lib/ids.ts';
import type { ShipmentStatus } from '#shared/lib/shipping.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import type { CarrierPort, Location, ParcelItem, Place, Shipment } from './model.ts';
import { serviceOf } from './services.ts';
import { shipmentLabels, type LabelPorts } from './shipment-labels.ts';
import {
  carrierProblem,
  dropOff,
  invalid,
  pickup,
  shippingRules,
  type AddressLookup,
  type AddressSnapshot,
} from './shipping-rules.ts';

/**
 * Booking the courier for an order: the shipment (one per order) → its plan checked (service,
 * pickup point, destination, parcel) → the booking lease → the carrier's booking → `booked` with
 * shipment.status_changed → its label (shipment-labels.ts). An order's ship request that is refused
 * for good is answered with shipment.booking_failed.
 */

/** How long one caller's booking at the carrier keeps others out (the carrier answers within 10 s). */
const BOOKING_LEASE_MS = 60_000;

export interface BookingPorts extends LabelPorts {
  carrier: CarrierPort;
  /** A customer's saved address (users domain, shared key). */
  address: AddressLookup;
}

/** Where the parcel goes: the customer's saved address (read at booking), or the snapshot orders kept. */
export type ShipTo = { addressId: string } | AddressSnapshot;

/** What `bookShipment` takes (from an order's ship request: order.ship_requested). */
export interface BookShipmentInput {
  /** The order the parcel carries: one shipment per order (a repeat answers the same shipment). */
  orderId: string;
  /** The vendor that ships it: the parcel is picked up at its listed address. */
  vendorId: string;
  /** The order's customer (owner of `destination.addressId`; may read the shipment). */
  customerId: string;
  /** What the customer chose at checkout: `jne:reg`, `grab:instant`, ... (POST /v1/shipping/rates). */
  serviceCode: string;
  destination: ShipTo;
  /** What is in the parcel: whole rupiah `value` and grams per unit. */
  items: ParcelItem[];
  correlationId?: string;
}

export interface BookedShipment {
  shipmentId: string;
  trackingNumber: string;
  /** A presigned link to the label PDF, valid for an hour (GET /v1/shipments/{id} gives a fresh one). */
  labelUrl: string;
  status: ShipmentStatus;
}

/** A booking problem that asking again will not change (as opposed to an outage, or another call booking it). */
function isFinal(error: unknown): error is Refusal {
  return (
    error instanceof Refusal &&
    (error.kind === 'unprocessable' ||
      error.kind === 'not-found' ||
      (error.kind === 'conflict' && error.code === 'conflict'))
  );
}

/** A refusal in words for the vendor's staff (English; `code` is the refusal code to translate). */
function reasonOf(refusal: Refusal): string {
  const details =
    refusal.errors?.map((error) => `${error.path}: ${error.message}`).join('; ') ||
    (refusal.message !== refusal.code ? refusal.message : '');
  return `${problemText(refusal.code, 'en')}${details ? ` (${details})` : ''}`.slice(0, 1000);
}

const hasPoint = (place: Location) => typeof place.lat === 'number' && typeof place.lon === 'number';

function checkItems(items: readonly ParcelItem[]): void {
  const errors: FieldError[] = [];
  if (items.length === 0 || items.length > 100) errors.push({ path: 'items', message: 'one to 100 items' });
  items.forEach((item, index) => {
    if (!item.name?.trim()) errors.push({ path: `items.${index}.name`, message: 'required' });
    if (!Number.isSafeInteger(item.value) || item.value < 0)
      errors.push({ path: `items.${index}.value`, message: 'whole rupiah ≥ 0' });
    if (!Number.isSafeInteger(item.weightGrams) || item.weightGrams < 1)
      errors.push({ path: `items.${index}.weightGrams`, message: 'whole grams ≥ 1' });
    if (!Number.isSafeInteger(item.quantity) || item.quantity < 1)
      errors.push({ path: `items.${index}.quantity`, message: 'a whole number ≥ 1' });
  });
  if (errors.length > 0) throw refuse.unprocessable('validation', errors);
}

export function shipmentBookingService(ports: BookingPorts) {
  const { store, now, origin, statusChanged, moveShipment } = shippingRules(ports);
  const { withLabel } = shipmentLabels(ports);
  const { carrier, labels } = ports;

  async function shipTo(customerId: string, destination: ShipTo): Promise<Place> {
    if ('addressId' in destination) {
      const saved = await ports.address(customerId, destination.addressId);
      if (!saved) throw invalid('destination.addressId', 'the customer has no such address');
      return dropOff(saved);
    }
    return dropOff(destination);
  }

  /**
   * The booked shipment as bookShipment answers it (its label stored first if an earlier call stopped
   * short of it); one the courier cancelled before a waybill existed cannot carry the order: 409.
   */
  async function booked(start: Shipment, courierLabel?: Uint8Array): Promise<BookedShipment> {
    if (!start.trackingNumber) throw refuse.conflict('conflict', { shipmentId: start.shipmentId, state: start.status });
    const shipment = start.labelKey ? start : await withLabel(start, courierLabel);
    return {
      shipmentId: shipment.shipmentId,
      trackingNumber: shipment.trackingNumber!,
      labelUrl: await labels.url(shipment.labelKey!),
      status: shipment.status,
    };
  }

  /** What a booking asks of the courier, checked: the service, the vendor's pickup point as listed now, the destination, the parcel. */
  async function plan(
    input: BookShipmentInput,
  ): Promise<
    Pick<Shipment, 'courier' | 'service' | 'serviceCode' | 'origin' | 'destination' | 'items' | 'weightGrams'>
  > {
    const service = serviceOf(input.serviceCode);
    if (!service) throw invalid('serviceCode', 'not a courier service PetPro offers');
    checkItems(input.items);
    const from = pickup(await origin(input.vendorId, 'vendorId', false));
    const to = await shipTo(input.customerId, input.destination);
    if (service.needsCoordinates && !(hasPoint(from) && hasPoint(to)))
      throw refuse.unprocessable('coordinates-required');
    return {
      courier: service.courier,
      service: service.service,
      serviceCode: service.serviceCode,
      origin: from,
      destination: to,
      items: input.items.map(({ name, value, weightGrams, quantity }) => ({ name, value, weightGrams, quantity })),
      weightGrams: input.items.reduce((sum, item) => sum + item.weightGrams * item.quantity, 0),
    };
  }

  const leaseHeld = (shipment: Shipment, at: Date) =>
    shipment.bookingStartedAt !== null && at.getTime() - Date.parse(shipment.bookingStartedAt) < BOOKING_LEASE_MS;

  /**
   * The new shipment for an order, or the one it already has. One still `requested` (never booked at
   * the carrier: an earlier attempt was refused or failed) goes out as this request asks — the pickup
   * point as listed now, this destination and parcel — unless another call holds its booking lease.
   */
  async function shipmentFor(input: BookShipmentInput): Promise<Shipment> {
    const existing = await store.shipmentByOrder(input.orderId);
    // Booked (or further), or another vendor's or customer's: bookShipment answers from it as it is.
    if (
      existing &&
      (existing.status !== 'requested' ||
        existing.vendorId !== input.vendorId ||
        existing.customerId !== input.customerId)
    )
      return existing;
    const planned = await plan(input);
    const at = now();
    if (existing) {
      if (leaseHeld(existing, at)) return existing;
      const next: Shipment = { ...existing, ...planned, version: existing.version + 1, updatedAt: at.toISOString() };
      try {
        await store.transition(next, existing.version, []);
        return next;
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
        return (await store.getShipment(existing.shipmentId))!;
      }
    }
    const shipment: Shipment = {
      shipmentId: newId(),
      orderId: input.orderId,
      vendorId: input.vendorId,
      customerId: input.customerId,
      carrier: carrier.carrier,
      ...planned,
      status: 'requested',
      carrierOrderId: null,
      trackingNumber: null,
      price: null,
      labelKey: null,
      bookingStartedAt: null,
      history: [{ status: 'requested', rawStatus: 'requested', at: at.toISOString() }],
      version: 1,
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
    };
    try {
      await store.create(shipment);
      return shipment;
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error;
      const raced = await store.shipmentByOrder(input.orderId);
      if (!raced) throw error;
      return raced;
    }
  }

  /** Takes the booking lease on a requested shipment (compare-and-set); null when it moved on meanwhile. */
  async function claim(start: Shipment): Promise<Shipment | null> {
    const { shipment, moved } = await moveShipment(start, (current) => {
      if (current.status !== 'requested') return undefined;
      const at = now();
      if (leaseHeld(current, at)) throw refuse.conflict('request-in-progress');
      return { changes: { bookingStartedAt: at.toISOString() }, at: at.toISOString() };
    });
    return moved ? shipment : null;
  }

  /** Gives the lease back after a failed booking, so the next attempt need not wait (best effort). */
  async function release(shipment: Shipment): Promise<void> {
    await store
      .transition(
        { ...shipment, bookingStartedAt: null, version: shipment.version + 1, updatedAt: now().toISOString() },
        shipment.version,
        [],
      )
      .catch(() => undefined);
  }

  return {
    /**
     * Books the courier for an order: creates the shipment (once per order), books it at the carrier,
     * stores the label (uploads bucket, `labels/<shipmentId>.pdf`) and answers the waybill and a
     * link to the label. Asking again answers the same shipment; while another call is booking it,
     * 409 `request-in-progress`. Problems: 422 (unknown service, bad items, no pickup address, no
     * coordinates for Grab, the courier does not serve the route), 502 (the carrier is unreachable:
     * retry), 409 (the shipment was cancelled by the courier).
     */
    async bookShipment(input: BookShipmentInput): Promise<BookedShipment> {
      const correlationId = input.correlationId ?? `ship-${input.orderId}`;
      let shipment = await shipmentFor(input);
      if (shipment.vendorId !== input.vendorId || shipment.customerId !== input.customerId)
        throw refuse.conflict('conflict', { shipmentId: shipment.shipmentId });
      if (shipment.status !== 'requested') return booked(shipment);
      const claimed = await claim(shipment);
      if (!claimed) return booked((await store.getShipment(shipment.shipmentId))!);
      shipment = claimed;

      let answer: Awaited<ReturnType<CarrierPort['createShipment']>>;
      try {
        answer = await carrier.createShipment({
          shipmentId: shipment.shipmentId,
          serviceCode: shipment.serviceCode,
          origin: shipment.origin,
          destination: shipment.destination,
          items: shipment.items,
          reference: shipment.orderId,
        });
      } catch (error) {
        await release(shipment);
        throw carrierProblem(error);
      }
      const at = now().toISOString();
      // A tracking update cannot have moved it: it names the carrier's order, recorded only here.
      const result = await moveShipment(shipment, (current) =>
        current.status !== 'requested'
          ? undefined
          : {
              changes: {
                status: 'booked',
                carrierOrderId: answer.carrierOrderId,
                trackingNumber: answer.trackingNumber,
                price: answer.price ?? null,
                bookingStartedAt: null,
                history: [...current.history, { status: 'booked', rawStatus: 'booked', at }],
              },
              at,
              events: (next) => [statusChanged(next, current.status, correlationId)],
            },
      );
      // Recorded before the label: a failure from here on never books the courier twice (a retry prints the label).
      return result.moved ? booked(result.shipment, answer.labelPdf) : booked(result.shipment);
    },

    /**
     * An order's ship request (order.ship_requested): books the courier as bookShipment does (once per
     * order; its `booked` shipment.status_changed answers orders), to the address the order kept. A
     * refusal for good — 422 (service, items, pickup address, coordinates, the courier does not serve
     * the route) or 409 `conflict` (the courier cancelled the shipment before a waybill existed) — is
     * answered with shipment.booking_failed, once per request; a redelivered refused request books
     * nothing (so once orders let the order be cancelled, nothing books it). A carrier outage (502) or
     * another call booking it (409 `request-in-progress`) throws: the queue delivers it again.
     */
    async fulfilShipRequest(
      request: EventData<'order.ship_requested'>,
      correlationId: string,
    ): Promise<'booked' | 'refused' | 'already-refused'> {
      const { requestId, orderId, vendorId, customerId, serviceCode, items } = request;
      if (await store.refused(requestId)) return 'already-refused';
      const { addressId: _addressId, ...snapshot } = request.destination;
      try {
        await this.bookShipment({
          orderId,
          vendorId,
          customerId,
          serviceCode,
          destination: snapshot,
          items,
          correlationId,
        });
        return 'booked';
      } catch (error) {
        if (!isFinal(error)) throw error;
        const reason = reasonOf(error);
        const event = domainEvent(
          'shipment.booking_failed',
          { orderId, vendorId, requestId, code: error.code, reason },
          correlationId,
        ) as EventEnvelope;
        return (await store.refuse({ requestId, orderId, code: error.code, reason, at: now().toISOString() }, [event]))
          ? 'refused'
          : 'already-refused';
      }
    },
  };
}

export type ShipmentBookingService = ReturnType<typeof shipmentBookingService>;
