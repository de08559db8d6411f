import type { EventEnvelope } from '#shared/events/catalog.ts';
import type { Carrier, Courier, ShipmentStatus } from '#shared/lib/shipping.ts';
import type { RateOffer } from '#shared/table/rate-offers.ts';

/**
 * The shipping domain's records and ports. No AWS imports.
 *
 * A shipment carries one order (its `orderId`, once per order) from the vendor to the customer and
 * moves forward only (shared/lib/shipping.ts): a tracking update that is not ahead of where the
 * shipment stands (a duplicate, an older one) changes nothing.
 */

export type { Carrier, Courier, ShipmentStatus };

/** What a webhook logs when it refuses an update; the manifest alarms on bursts of it. */
export const REJECTED_WEBHOOK_LOG = 'carrier webhook rejected';

/** A point a courier can find: coordinates (instant couriers need them) and/or a postal code (the others). */
export interface Location {
  lat?: number;
  lon?: number;
  postalCode?: string;
}

export interface Contact {
  name: string;
  phone: string;
  email?: string;
}

/** An address with the person a courier meets there. */
export interface Place extends Location {
  contact: Contact;
  /** One line, as a courier reads it: street, number, district, city. */
  address: string;
  note?: string;
}

/** One kind of item in the parcel; `value` is its price in whole rupiah (insurance, instant couriers). */
export interface ParcelItem {
  name: string;
  value: number;
  weightGrams: number;
  quantity: number;
}

export interface RateRequest {
  origin: Location;
  destination: Location;
  items: ParcelItem[];
  /**
   * Only these couriers (default: all). Asking for `grab` without coordinates at both ends is an
   * error (MissingCoordinates); by default Grab is simply left out when coordinates are missing.
   */
  couriers?: readonly Courier[];
}

export interface Rate {
  courier: Courier;
  /** The courier's name of the service: JNE `REG`/`YES`, SiCepat `REG`/`BEST`, Grab `instant`/`same_day`. */
  service: string;
  /** What checkout and the ship route take: `jne:reg`, `grab:instant`. */
  serviceCode: string;
  /** Whole rupiah. */
  price: number;
  /** Days after pickup; instant and same-day deliveries are { 0, 0 }. */
  etaDays: { min: number; max: number };
}

export interface ShipmentRequest {
  /** Our shipment id (the carrier keeps it as its reference). */
  shipmentId: string;
  serviceCode: string;
  /** The vendor: where the courier picks the parcel up, and who hands it over. */
  origin: Place;
  /** The customer: where it goes, and who receives it. */
  destination: Place;
  items: ParcelItem[];
  /** What the shipment is for (our order id), kept with the carrier's booking. */
  reference: string;
}

export interface BookedAtCarrier {
  /** The carrier's id of the booking (Biteship order id): its tracking updates name it. */
  carrierOrderId: string;
  /** The courier's waybill (resi). */
  trackingNumber: string;
  /** What the carrier charges, whole rupiah, when it says. */
  price?: number;
  /** The courier's label, when the carrier hands one out (else the domain prints its own). */
  labelPdf?: Uint8Array;
}

/** A carrier or aggregator (Biteship) behind one port; each adapter reads its own keys. */
export interface CarrierPort {
  readonly carrier: Carrier;
  rates(request: RateRequest): Promise<Rate[]>;
  /** Throws MissingCoordinates (instant couriers), ServiceNotOffered (the route is not served) or CarrierUnavailable. */
  createShipment(request: ShipmentRequest): Promise<BookedAtCarrier>;
}

/** Grab Instant and Same Day price and route by map points: both ends need coordinates. */
export class MissingCoordinates extends Error {
  constructor(serviceCode: string) {
    super(`${serviceCode} needs the coordinates of the origin and the destination`);
    this.name = 'MissingCoordinates';
  }
}

/** The carrier does not offer this service between these points (distance, weight, unknown service). */
export class ServiceNotOffered extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceNotOffered';
  }
}

/** The carrier did not answer, refused our key, or answered something we cannot read: worth a retry later. */
export class CarrierUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CarrierUnavailable';
  }
}

export interface StatusChange {
  status: ShipmentStatus;
  /** The carrier's word for it (Biteship `picked`), or ours for our own moves. */
  rawStatus: string;
  at: string;
}

export interface Shipment {
  shipmentId: string;
  /** The order it carries: one shipment per order. */
  orderId: string;
  vendorId: string;
  customerId: string;
  carrier: Carrier;
  courier: Courier;
  /** `REG`, `YES`, `BEST`, `instant`, `same_day`. */
  service: string;
  serviceCode: string;
  status: ShipmentStatus;
  /** The carrier's booking id (null until booked). */
  carrierOrderId: string | null;
  trackingNumber: string | null;
  /** What the carrier charges, whole rupiah (null until booked). */
  price: number | null;
  /** S3 key of the label PDF (uploads bucket, `labels/<shipmentId>.pdf`), null until booked. */
  labelKey: string | null;
  origin: Place;
  destination: Place;
  items: ParcelItem[];
  weightGrams: number;
  /** When a caller last started booking it at the carrier (a second caller meanwhile gets a 409). */
  bookingStartedAt: string | null;
  history: StatusChange[];
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Shipping's copy of a vendor's listing: where parcels are picked up (from vendor.listing_updated). */
export interface VendorOrigin {
  vendorId: string;
  /** Grows with every listing; the newest wins. */
  listingVersion: number;
  listed: boolean;
  name: string;
  phone: string;
  address: string;
  city: string;
  province: string;
  postalCode: string | null;
  lat: number;
  lon: number;
  updatedAt: string;
}

export interface ShippingStore {
  getShipment(shipmentId: string): Promise<Shipment | undefined>;
  shipmentByOrder(orderId: string): Promise<Shipment | undefined>;
  shipmentByCarrierOrder(carrier: Carrier, carrierOrderId: string): Promise<Shipment | undefined>;
  /** Creates the shipment (WriteConflict if the order already has one). */
  create(shipment: Shipment): Promise<void>;
  /** Replaces the shipment if its stored version is `expectedVersion`, with its events, all or nothing (else WriteConflict). */
  transition(shipment: Shipment, expectedVersion: number, events: EventEnvelope[]): Promise<void>;
  /** Commits events alone (a verified tracking update, applied later from its event). */
  publish(events: EventEnvelope[]): Promise<void>;
  origin(vendorId: string): Promise<VendorOrigin | undefined>;
  /** The newest listing wins, whatever the delivery order. */
  saveOrigin(origin: VendorOrigin): Promise<'saved' | 'stale'>;
  /** Publishes rate offers for orders' quote (shared/table/rate-offers.ts), replacing older ones of the same key. */
  saveRateOffers(offers: readonly RateOffer[]): Promise<void>;
  /** Whether this ship request was already refused for good (a redelivered request then books nothing). */
  refused(requestId: string): Promise<boolean>;
  /** Records the refusal of a ship request with its event, once: false when it was already recorded (no event then). */
  refuse(refusal: ShipRefusal, events: EventEnvelope[]): Promise<boolean>;
}

/** A ship request shipping refused for good (shipment.booking_failed was published for it). */
export interface ShipRefusal {
  requestId: string;
  orderId: string;
  code: string;
  reason: string;
  at: string;
}

/** Where labels are kept (S3, uploads bucket). */
export interface LabelStorage {
  /** Stores the PDF under `key`. */
  put(key: string, pdf: Uint8Array): Promise<void>;
  /** A link to download it for a while (presigned GET). */
  url(key: string): Promise<string>;
}
