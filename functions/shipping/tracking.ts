import type { EventData, EventEnvelope } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import type { Carrier } from '#shared/lib/shipping.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import type { Shipment } from './model.ts';
import { ATTEMPTS, shippingRules, type RecordPorts } from './shipping-rules.ts';
import { biteshipStatus, isForward } from './status.ts';

/**
 * Tracking: the carrier's verified webhook → shipment.tracking_received (answered at once) → its
 * status mapped to ours → the shipment moved forward once, with shipment.status_changed in the same
 * transaction; a duplicate or an older status changes nothing.
 */

export type TrackingOutcome = 'applied' | 'unchanged' | 'unknown-shipment' | 'unknown-status' | 'ignored';

export function trackingService(ports: RecordPorts) {
  const { store, now, statusChanged } = shippingRules(ports);

  return {
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
  };
}

export type TrackingService = ReturnType<typeof trackingService>;
