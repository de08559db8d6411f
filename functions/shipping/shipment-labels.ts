import { renderLabel } from './label.ts';
import type { LabelStorage, Shipment } from './model.ts';
import { COURIER_NAMES } from './services.ts';
import { shippingRules, type RecordPorts } from './shipping-rules.ts';

/**
 * A booked shipment's label, for the booking (shipment-booking.ts): the courier's PDF, else our own
 * (label.ts) → stored in the uploads bucket (`labels/<shipmentId>.pdf`) → its key recorded on the
 * shipment.
 */

export interface LabelPorts extends RecordPorts {
  labels: LabelStorage;
}

export const labelKey = (shipmentId: string) => `labels/${shipmentId}.pdf`;

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

export function shipmentLabels(ports: LabelPorts) {
  const { now, moveShipment } = shippingRules(ports);
  const { labels } = ports;

  /** Stores the label (the courier's, else our own) and records its key; tracking may move the shipment meanwhile. */
  async function withLabel(start: Shipment, courierLabel?: Uint8Array): Promise<Shipment> {
    const key = labelKey(start.shipmentId);
    await labels.put(key, courierLabel ?? labelOf(start));
    const { shipment } = await moveShipment(start, (current) =>
      current.labelKey ? undefined : { changes: { labelKey: key }, at: now().toISOString() },
    );
    return shipment;
  }

  return { withLabel };
}
