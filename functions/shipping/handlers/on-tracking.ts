import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { tracking } from '../wiring.ts';

/** shipment.tracking_received → the shipment moves forward once; duplicates and older statuses change nothing. */
export const handler = eventSubscription('shipment.tracking_received', async (event) => {
  const outcome = await tracking().applyTracking(event.data, event.correlationId);
  const log =
    outcome === 'applied' || outcome === 'unchanged' || outcome === 'ignored'
      ? logger.info.bind(logger)
      : logger.warn.bind(logger);
  log('tracking update', {
    carrier: event.data.carrier,
    carrierOrderId: event.data.carrierOrderId,
    rawStatus: event.data.rawStatus,
    outcome,
  });
});
