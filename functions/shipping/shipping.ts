import type { AuthContext } from '#shared/auth/access.ts';
import type { StaffRole } from '#shared/auth/vendor-staff.ts';
import type { EventData, EventEnvelope } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { message as problemText } from '#shared/http/messages.ts';
import { HttpProblem, problems, type FieldError } from '#shared/http/problem.ts';
import { newId } from '#shared/lib/ids.ts';
import { RATE_OFFER_VALID_MINUTES, type Carrier, type ShipmentStatus } from '#shared/lib/shipping.ts';
import type { SavedAddress } from '#shared/table/addresses.ts';
import { renderLabel } from './label.ts';
import {
  CarrierUnavailable,
  MissingCoordinates,
  ServiceNotOffered,
  type CarrierPort,
  type LabelStorage,
  type Location,
  type ParcelItem,
  type Place,
  type Rate,
  type Shipment,
  type ShippingStore,
  type VendorOrigin,
} from './model.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import { COURIER_NAMES, serviceOf } from './services.ts';
import { biteshipStatus, isForward } from './status.ts';

/**
 * The shipping domain's rules: courier rates between a vendor and a customer, booking the courier
 * for an order (once per order) with its label, and applying verified tracking updates — forward
 * only, each real transition once, with its event in the same transaction. No AWS imports.
 */

const ATTEMPTS = 4;
/** How long one caller's booking at the carrier keeps others out (the carrier answers within 10 s). */
const BOOKING_LEASE_MS = 60_000;

export interface ShippingPorts {
  store: ShippingStore;
  carrier: CarrierPort;
  labels: LabelStorage;
  /** A customer's saved address (users domain, shared key). */
  address: (userId: string, addressId: string) => Promise<SavedAddress | undefined>;
  /** The caller's role at a vendor (its staff may read the vendor's shipments). */
  staffRole?: (vendorId: string, userId: string) => Promise<StaffRole | undefined>;
  now?: () => Date;
}

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

/** What POST /v1/shipping/rates takes: the vendor or a point, the caller's address or a point, and the weight. */
export interface RatesInput {
  originVendorId?: string | undefined;
  origin?: Required<Location> | undefined;
  destinationAddressId?: string | undefined;
  destination?: Required<Location> | undefined;
  weightGrams: number;
  /** Declared value of the parcel, whole rupiah (default 0). */
  value?: number | undefined;
}

export type TrackingOutcome = 'applied' | 'unchanged' | 'unknown-shipment' | 'unknown-status' | 'ignored';

export interface ShipmentView {
  shipmentId: string;
  orderId: string;
  vendorId: string;
  status: ShipmentStatus;
  courier: Shipment['courier'];
  service: string;
  serviceCode: string;
  trackingNumber: string | null;
  price: { amount: number; currency: 'IDR' } | null;
  /** The label (vendor staff and admins only). */
  labelUrl: string | null;
  history: { status: ShipmentStatus; at: string }[];
  createdAt: string;
  updatedAt: string;
}

/** The carrier's failures as problems the API answers with. */
export function carrierProblem(error: unknown): unknown {
  if (error instanceof MissingCoordinates)
    return new HttpProblem(422, 'coordinates-required', { detail: error.message });
  if (error instanceof ServiceNotOffered) return new HttpProblem(422, 'service-not-offered', { detail: error.message });
  if (error instanceof CarrierUnavailable)
    return new HttpProblem(502, 'carrier-unavailable', { detail: error.message });
  return error;
}

/** A booking problem that asking again will not change (as opposed to an outage, or another call booking it). */
function isRefusal(error: unknown): error is HttpProblem {
  return (
    error instanceof HttpProblem &&
    (error.status === 422 || error.status === 404 || (error.status === 409 && error.key === 'conflict'))
  );
}

/** A refusal in words for the vendor's staff (English; `code` is the problem key to translate). */
function reasonOf(problem: HttpProblem): string {
  const details =
    problem.errors?.map((error) => `${error.path}: ${error.message}`).join('; ') ||
    (problem.message !== problem.key ? problem.message : '');
  return `${problemText(problem.key, 'en')}${details ? ` (${details})` : ''}`.slice(0, 1000);
}

const hasPoint = (place: Location) => typeof place.lat === 'number' && typeof place.lon === 'number';

function invalid(path: string, message: string): HttpProblem {
  return problems.unprocessable('validation', [{ path, message }]);
}

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
  if (errors.length > 0) throw problems.unprocessable('validation', errors);
}

/** The vendor as the courier meets it. */
function pickup(origin: VendorOrigin): Place {
  return {
    contact: { name: origin.name, phone: origin.phone },
    address: `${origin.address}, ${origin.province}`,
    lat: origin.lat,
    lon: origin.lon,
    ...(origin.postalCode ? { postalCode: origin.postalCode } : {}),
  };
}

function dropOff(address: AddressSnapshot): Place {
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

export const labelKey = (shipmentId: string) => `labels/${shipmentId}.pdf`;

export function shippingService(ports: ShippingPorts) {
  const { store, carrier, labels } = ports;
  const now = () => (ports.now ? ports.now() : new Date());

  async function origin(vendorId: string, path: string, mustBeListed: boolean): Promise<VendorOrigin> {
    const found = await store.origin(vendorId);
    if (!found || (mustBeListed && !found.listed)) {
      if (mustBeListed) throw problems.notFound();
      throw invalid(path, 'no pickup address is known for this vendor yet');
    }
    return found;
  }

  async function shipTo(customerId: string, destination: ShipTo): Promise<Place> {
    if ('addressId' in destination) {
      const saved = await ports.address(customerId, destination.addressId);
      if (!saved) throw invalid('destination.addressId', 'the customer has no such address');
      return dropOff(saved);
    }
    return dropOff(destination);
  }

  function statusChanged(shipment: Shipment, previousStatus: ShipmentStatus, correlationId: string): EventEnvelope {
    const { shipmentId, orderId, vendorId, customerId, status, courier, serviceCode, trackingNumber } = shipment;
    return domainEvent(
      'shipment.status_changed',
      { shipmentId, orderId, vendorId, customerId, status, previousStatus, courier, serviceCode, trackingNumber },
      correlationId,
    ) as EventEnvelope;
  }

  async function view(shipment: Shipment, includeLabel: boolean): Promise<ShipmentView> {
    return {
      shipmentId: shipment.shipmentId,
      orderId: shipment.orderId,
      vendorId: shipment.vendorId,
      status: shipment.status,
      courier: shipment.courier,
      service: shipment.service,
      serviceCode: shipment.serviceCode,
      trackingNumber: shipment.trackingNumber,
      price: shipment.price === null ? null : { amount: shipment.price, currency: 'IDR' },
      labelUrl: includeLabel && shipment.labelKey ? await labels.url(shipment.labelKey) : null,
      history: shipment.history.map(({ status, at }) => ({ status, at })),
      createdAt: shipment.createdAt,
      updatedAt: shipment.updatedAt,
    };
  }

  function labelOf(shipment: Shipment): Uint8Array {
    const bookedAt = shipment.history.find((change) => change.status === 'booked')?.at ?? shipment.updatedAt;
    return renderLabel({
      trackingNumber: shipment.trackingNumber!,
      courierName: COURIER_NAMES[shipment.courier],
      service: shipment.service,
      sender: {
        name: shipment.origin.contact.name,
        phone: shipment.origin.contact.phone,
        address: shipment.origin.address,
        postalCode: shipment.origin.postalCode,
      },
      recipient: {
        name: shipment.destination.contact.name,
        phone: shipment.destination.contact.phone,
        address: shipment.destination.address,
        postalCode: shipment.destination.postalCode,
      },
      weightGrams: shipment.weightGrams,
      orderId: shipment.orderId,
      shipmentId: shipment.shipmentId,
      items: shipment.items.map(({ name, quantity }) => ({ name, quantity })),
      bookedAt,
    });
  }

  /** Stores the label (the courier's, else our own) and records its key; tracking may move the shipment meanwhile. */
  async function withLabel(start: Shipment, courierLabel?: Uint8Array): Promise<Shipment> {
    const key = labelKey(start.shipmentId);
    await labels.put(key, courierLabel ?? labelOf(start));
    let shipment = start;
    for (let attempt = 1; ; attempt += 1) {
      if (shipment.labelKey) return shipment;
      const next: Shipment = {
        ...shipment,
        labelKey: key,
        version: shipment.version + 1,
        updatedAt: now().toISOString(),
      };
      try {
        await store.transition(next, shipment.version, []);
        return next;
      } catch (error) {
        if (!(error instanceof WriteConflict) || attempt >= ATTEMPTS) throw error;
        shipment = (await store.getShipment(shipment.shipmentId))!;
      }
    }
  }

  /**
   * The booked shipment as bookShipment answers it (its label stored first if an earlier call stopped
   * short of it); one the courier cancelled before a waybill existed cannot carry the order: 409.
   */
  async function booked(start: Shipment, courierLabel?: Uint8Array): Promise<BookedShipment> {
    if (!start.trackingNumber)
      throw problems.conflict('conflict', { shipmentId: start.shipmentId, state: start.status });
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
      throw new HttpProblem(422, 'coordinates-required');
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
    let shipment = start;
    for (let attempt = 1; ; attempt += 1) {
      if (shipment.status !== 'requested') return null;
      const at = now();
      if (leaseHeld(shipment, at)) throw new HttpProblem(409, 'request-in-progress');
      const next: Shipment = {
        ...shipment,
        bookingStartedAt: at.toISOString(),
        version: shipment.version + 1,
        updatedAt: at.toISOString(),
      };
      try {
        await store.transition(next, shipment.version, []);
        return next;
      } catch (error) {
        if (!(error instanceof WriteConflict) || attempt >= ATTEMPTS) throw error;
        shipment = (await store.getShipment(shipment.shipmentId))!;
      }
    }
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
     * Courier rates from a vendor (its listed pickup point) or a point, to one of the caller's
     * addresses or a point, for a parcel of `weightGrams`. Grab is offered only when both ends have
     * coordinates (always: listings and saved addresses carry them). Asked from a vendor to one of the
     * caller's addresses, every offered service is also published as a rate offer (valid
     * RATE_OFFER_VALID_MINUTES, for parcels up to `weightGrams`), which orders' quote prices from.
     */
    async rates(caller: Pick<AuthContext, 'userId'>, input: RatesInput): Promise<Rate[]> {
      const from: Location = input.originVendorId
        ? pickup(await origin(input.originVendorId, 'originVendorId', true))
        : input.origin!;
      let to: Location;
      if (input.destinationAddressId) {
        const saved = await ports.address(caller.userId, input.destinationAddressId);
        if (!saved) throw problems.notFound();
        to = dropOff(saved);
      } else to = input.destination!;
      let offered: Rate[];
      try {
        offered = await carrier.rates({
          origin: { lat: from.lat, lon: from.lon, postalCode: from.postalCode },
          destination: { lat: to.lat, lon: to.lon, postalCode: to.postalCode },
          items: [{ name: 'Paket PetPro', value: input.value ?? 0, weightGrams: input.weightGrams, quantity: 1 }],
        });
      } catch (error) {
        throw carrierProblem(error);
      }
      const { originVendorId: vendorId, destinationAddressId: addressId } = input;
      if (vendorId && addressId && offered.length > 0) {
        const at = now();
        const expiresAt = new Date(at.getTime() + RATE_OFFER_VALID_MINUTES * 60_000).toISOString();
        await store.saveRateOffers(
          offered.map((rate) => ({
            customerId: caller.userId,
            vendorId,
            addressId,
            serviceCode: rate.serviceCode,
            price: rate.price,
            etaDays: rate.etaDays,
            weightGrams: input.weightGrams,
            offeredAt: at.toISOString(),
            expiresAt,
          })),
        );
      }
      return offered;
    },

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
        throw problems.conflict('conflict', { shipmentId: shipment.shipmentId });
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
      for (let attempt = 1; ; attempt += 1) {
        // A tracking update cannot have moved it: it names the carrier's order, recorded only here.
        const next: Shipment = {
          ...shipment,
          status: 'booked',
          carrierOrderId: answer.carrierOrderId,
          trackingNumber: answer.trackingNumber,
          price: answer.price ?? null,
          bookingStartedAt: null,
          history: [...shipment.history, { status: 'booked', rawStatus: 'booked', at }],
          version: shipment.version + 1,
          updatedAt: at,
        };
        try {
          await store.transition(next, shipment.version, [statusChanged(next, shipment.status, correlationId)]);
        } catch (error) {
          if (!(error instanceof WriteConflict) || attempt >= ATTEMPTS) throw error;
          shipment = (await store.getShipment(shipment.shipmentId))!;
          if (shipment.status !== 'requested') return booked(shipment);
          continue;
        }
        // Recorded before the label: a failure from here on never books the courier twice (a retry prints the label).
        return booked(next, answer.labelPdf);
      }
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
        if (!isRefusal(error)) throw error;
        const reason = reasonOf(error);
        const event = domainEvent(
          'shipment.booking_failed',
          { orderId, vendorId, requestId, code: error.key, reason },
          correlationId,
        ) as EventEnvelope;
        return (await store.refuse({ requestId, orderId, code: error.key, reason, at: now().toISOString() }, [event]))
          ? 'refused'
          : 'already-refused';
      }
    },

    /** Answer the carrier fast: the verified update becomes an event, applied by the subscription. */
    async receive(
      carrierName: Carrier,
      update: { carrierOrderId: string; rawStatus: string; trackingNumber: string | null },
      correlationId: string,
    ): Promise<void> {
      await store.publish([
        domainEvent('shipment.tracking_received', { carrier: carrierName, ...update }, correlationId) as EventEnvelope,
      ]);
    },

    /**
     * A verified tracking update (from `shipment.tracking_received`): the shipment moves forward once,
     * with `shipment.status_changed`; a duplicate or an older status changes nothing.
     */
    async applyTracking(
      update: EventData<'shipment.tracking_received'>,
      correlationId: string,
    ): Promise<TrackingOutcome> {
      const mapped = biteshipStatus(update.rawStatus);
      if (mapped === undefined) return 'unknown-status';
      if (mapped === null) return 'ignored';
      for (let attempt = 1; ; attempt += 1) {
        const shipment = await store.shipmentByCarrierOrder(update.carrier, update.carrierOrderId);
        if (!shipment) return 'unknown-shipment';
        if (!isForward(shipment.status, mapped)) return 'unchanged';
        const at = now().toISOString();
        const next: Shipment = {
          ...shipment,
          status: mapped,
          trackingNumber: update.trackingNumber ?? shipment.trackingNumber,
          history: [...shipment.history, { status: mapped, rawStatus: update.rawStatus, at }],
          version: shipment.version + 1,
          updatedAt: at,
        };
        try {
          await store.transition(next, shipment.version, [statusChanged(next, shipment.status, correlationId)]);
          return 'applied';
        } catch (error) {
          if (!(error instanceof WriteConflict) || attempt >= ATTEMPTS) throw error;
        }
      }
    },

    /** A shipment as its customer, the vendor's staff (with the label) or a platform admin may read it; anyone else: 404. */
    async shipmentFor(caller: Pick<AuthContext, 'userId' | 'groups'>, shipmentId: string): Promise<ShipmentView> {
      const shipment = await store.getShipment(shipmentId);
      if (!shipment) throw problems.notFound();
      if (caller.groups.includes('platform_admin') || (await ports.staffRole?.(shipment.vendorId, caller.userId)))
        return view(shipment, true);
      if (shipment.customerId === caller.userId) return view(shipment, false);
      throw problems.notFound();
    },

    /** From vendor.listing_updated: the newest listing wins, whatever the delivery order. */
    saveOrigin(listing: EventData<'vendor.listing_updated'>): Promise<'saved' | 'stale'> {
      const { vendorId, listingVersion, listed, name, phone, address, city, province, lat, lon, updatedAt } = listing;
      return store.saveOrigin({
        vendorId,
        listingVersion,
        listed,
        name,
        phone,
        address,
        city,
        province,
        postalCode: listing.postalCode ?? null,
        lat,
        lon,
        updatedAt,
      });
    },

    getShipment: (shipmentId: string) => store.getShipment(shipmentId),
    shipmentByOrder: (orderId: string) => store.shipmentByOrder(orderId),
  };
}

export type ShippingService = ReturnType<typeof shippingService>;
