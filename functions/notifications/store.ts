import { defineEntity } from '#shared/table/entity.ts';
import { epochSeconds } from '#shared/lib/time.ts';
import type { DeliveryLog } from './notifications.ts';

/** Delivery records outlive any redelivery of their event (SQS keeps messages 4 days). */
const KEEP_SECONDS = 7 * 24 * 3600;

interface Delivery {
  eventId: string;
  channel: string;
  sentAt: string;
  expiresAt: number;
}

const deliveries = defineEntity<Delivery, { eventId: string }>({
  type: 'delivery',
  version: 1,
  key: ({ eventId }) => ({ pk: `DELIVERY#${eventId}`, sk: 'DELIVERY' }),
});

export const deliveryLog: DeliveryLog = {
  async wasSent(eventId) {
    return (await deliveries.get({ eventId })) !== undefined;
  },
  async markSent(eventId, channel) {
    await deliveries.put(
      { eventId },
      { eventId, channel, sentAt: new Date().toISOString(), expiresAt: epochSeconds() + KEEP_SECONDS },
    );
  },
};
