import type { AuthContext } from '#shared/auth/access.ts';
import type { StaffRole } from '#shared/auth/vendor-staff.ts';
import { refuse } from '#shared/lib/refusal.ts';
import type { ShipmentStatus } from '#shared/lib/shipping.ts';
import type { LabelStorage, Shipment } from './model.ts';
import { shippingRules, type RecordPorts } from './shipping-rules.ts';

/**
 * Reading a shipment: the shipment → who the caller is to it (the customer; the vendor's staff or a
 * platform admin, who also get a fresh label link; anyone else 404) → its view.
 */

export interface ShipmentViewPorts extends RecordPorts {
  labels: LabelStorage;
  /** The caller's role at a vendor (its staff may read the vendor's shipments). */
  staffRole?: (vendorId: string, userId: string) => Promise<StaffRole | undefined>;
}

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

export function shipmentViewService(ports: ShipmentViewPorts) {
  const { store } = shippingRules(ports);
  const { labels } = ports;

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

  return {
    /** A shipment as its customer, the vendor's staff (with the label) or a platform admin may read it; anyone else: 404. */
    async shipmentFor(caller: Pick<AuthContext, 'userId' | 'groups'>, shipmentId: string): Promise<ShipmentView> {
      const shipment = await store.getShipment(shipmentId);
      if (!shipment) throw refuse.notFound();
      if (caller.groups.includes('platform_admin') || (await ports.staffRole?.(shipment.vendorId, caller.userId)))
        return view(shipment, true);
      if (shipment.customerId === caller.userId) return view(shipment, false);
      throw refuse.notFound();
    },

    getShipment: (shipmentId: string) => store.getShipment(shipmentId),
    shipmentByOrder: (orderId: string) => store.shipmentByOrder(orderId),
  };
}

export type ShipmentViewService = ReturnType<typeof shipmentViewService>;
