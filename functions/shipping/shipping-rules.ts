import type { EventEnvelope } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { refuse, type Refusal } from '#shared/lib/refusal.ts';
import type { ShipmentStatus } from '#shared/lib/shipping.ts';
import type { SavedAddress } from '#shared/table/addresses.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import {
  CarrierUnavailable,
  MissingCoordinates,
  ServiceNotOffered,
  type Place,
  type Shipment,
  type ShippingStore,
  type VendorOrigin,
} from './model.ts';

/**
 * The shipping domain's rules: courier rates between a vendor and a customer, booking the courier
 * for an order (once per order) with its label, and applying verified tracking updates — forward
 * only, each real transition once, with its event in the same transaction. No AWS imports.
 *
 * Here the rules every area shares: the vendor's pickup point and the customer's drop-off as the
 * courier meets them, the carrier's failures as problems, and the status change event. The use
 * cases live by area, each built on these rules: rates.ts (courier rates and rate offers),
 * shipment-booking.ts (booking the courier for an order, with shipment-labels.ts), tracking.ts
 * (the carrier's webhook, applying its updates), shipment-view.ts (reading a shipment) and
 * origins.ts (the vendors' pickup points). A handler bundles only its area (decision 0005).
 */

export const ATTEMPTS = 4;

/** A customer's saved address (users domain, shared key). */
export type AddressLookup = (userId: string, addressId: string) => Promise<SavedAddress | undefined>;

/** An address as orders keep it at checkout (the users domain's fields), when not by id. */
export interface AddressSnapshot {
  recipientName: string;
  phone: string;
  line1: string;
  line2?: string | null;
  city: string;
  province: string;
  postalCode: string;
  lat?: number | null;
  lon?: number | null;
  note?: string;
}

/** The carrier's failures as the refusals the use cases throw. */
export function carrierProblem(error: unknown): unknown {
  if (error instanceof MissingCoordinates)
    return refuse.because('unprocessable', 'coordinates-required', error.message);
  if (error instanceof ServiceNotOffered) return refuse.because('unprocessable', 'service-not-offered', error.message);
  if (error instanceof CarrierUnavailable) return refuse.unavailable('carrier-unavailable', error.message);
  return error;
}

export function invalid(path: string, message: string): Refusal {
  return refuse.unprocessable('validation', [{ path, message }]);
}

/** The vendor as the courier meets it. */
export function pickup(origin: VendorOrigin): Place {
  return {
    contact: { name: origin.name, phone: origin.phone },
    address: `${origin.address}, ${origin.province}`,
    lat: origin.lat,
    lon: origin.lon,
    ...(origin.postalCode ? { postalCode: origin.postalCode } : {}),
  };
}

export function dropOff(address: AddressSnapshot): Place {
  return {
    contact: { name: address.recipientName, phone: address.phone },
    address: [address.line1, address.line2, address.city, address.province].filter(Boolean).join(', '),
    postalCode: address.postalCode,
    ...(typeof address.lat === 'number' && typeof address.lon === 'number'
      ? { lat: address.lat, lon: address.lon }
      : {}),
    ...(address.note ? { note: address.note } : {}),
  };
}

/**
 * A shipment's next state as decided from the one read: the fields that change, the time of the
 * change, and the events that go with it (of the next state).
 */
export interface ShipmentMove {
  changes: Partial<Shipment>;
  at: string;
  events?: (next: Shipment) => EventEnvelope[];
}

/** What every area's use cases need: the table and a clock. */
export interface RecordPorts {
  store: ShippingStore;
  now?: () => Date;
}

export type ShippingRules = ReturnType<typeof shippingRules>;

export function shippingRules(ports: RecordPorts) {
  const { store } = ports;
  const now = () => (ports.now ? ports.now() : new Date());

  async function origin(vendorId: string, path: string, mustBeListed: boolean): Promise<VendorOrigin> {
    const found = await store.origin(vendorId);
    if (!found || (mustBeListed && !found.listed)) {
      if (mustBeListed) throw refuse.notFound();
      throw invalid(path, 'no pickup address is known for this vendor yet');
    }
    return found;
  }

  function statusChanged(shipment: Shipment, previousStatus: ShipmentStatus, correlationId: string): EventEnvelope {
    const { shipmentId, orderId, vendorId, customerId, status, courier, serviceCode, trackingNumber } = shipment;
    return domainEvent(
      'shipment.status_changed',
      { shipmentId, orderId, vendorId, customerId, status, previousStatus, courier, serviceCode, trackingNumber },
      correlationId,
    ) as EventEnvelope;
  }

  /**
   * Compare-and-set on a shipment: `decide` takes the shipment as read and answers its move, or
   * undefined when there is nothing to write; the move is written over the version read. After a
   * lost race the shipment is read again and `decide` decides again, ATTEMPTS tries in all.
   * Answers the shipment as written (`moved`), or as last read when there was nothing to write.
   */
  async function moveShipment(
    start: Shipment,
    decide: (shipment: Shipment) => ShipmentMove | undefined,
  ): Promise<{ shipment: Shipment; moved: boolean }> {
    let shipment = start;
    for (let attempt = 1; ; attempt += 1) {
      const move = decide(shipment);
      if (!move) return { shipment, moved: false };
      const next: Shipment = { ...shipment, ...move.changes, version: shipment.version + 1, updatedAt: move.at };
      try {
        await store.transition(next, shipment.version, move.events?.(next) ?? []);
        return { shipment: next, moved: true };
      } catch (error) {
        if (!(error instanceof WriteConflict) || attempt >= ATTEMPTS) throw error;
        shipment = (await store.getShipment(shipment.shipmentId))!;
      }
    }
  }

  return { store, now, origin, statusChanged, moveShipment };
}
