import { SandboxHttpError } from '../sandbox-server.ts';
import { openSandboxStore } from '../sandbox-store.ts';
import type { BiteshipCourier } from './vocabulary.ts';

/**
 * The shipping sandbox's orders: the record of each one Biteship would keep, by Biteship order id,
 * persisted to the data folder's `shipping-sandbox.json` (`{ "orders": [...] }`) after every change,
 * found by order id, waybill or tracking id. Also the sandbox's refusal.
 */

export interface SandboxPlace {
  name: string;
  phone: string;
  address: string;
  postalCode: string | null;
  lat: number | null;
  lon: number | null;
}

export interface SandboxShippingOrder {
  /** Biteship's order id (24 hex characters). */
  id: string;
  referenceId: string | null;
  courier: BiteshipCourier;
  /** Biteship's `courier_type`. */
  type: string;
  /** The courier's waybill (resi). */
  waybillId: string;
  trackingId: string;
  /** In Biteship's words. */
  status: string;
  price: number;
  weightGrams: number;
  origin: SandboxPlace;
  destination: SandboxPlace;
  items: { name: string; value: number; weight: number; quantity: number }[];
  history: { status: string; at: string }[];
  createdAt: string;
  updatedAt: string;
}

export class ShippingSandboxError extends SandboxHttpError {
  constructor(status: number, message: string) {
    super(status, message);
    this.name = 'ShippingSandboxError';
  }
}

export interface OrderState {
  /** By Biteship order id, oldest first. */
  readonly orders: Map<string, SandboxShippingOrder>;
  save(): void;
  /** By Biteship order id, waybill or tracking id. */
  find(id: string): SandboxShippingOrder | undefined;
}

export function openOrderState(dataFile: string): OrderState {
  const { records: orders, save } = openSandboxStore<SandboxShippingOrder>(dataFile, 'orders', (order) => order.id);
  return {
    orders,
    save,
    find: (id) =>
      orders.get(id) ?? [...orders.values()].find((order) => order.waybillId === id || order.trackingId === id),
  };
}
