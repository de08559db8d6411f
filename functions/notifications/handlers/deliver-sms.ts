import { eventSubscription } from '#shared/events/subscription.ts';
import { deliver } from '../notifications.ts';
import { snsSmsSender } from '../sms-sender.ts';
import { deliveryLog } from '../store.ts';

const senders = { sms: snsSmsSender() };

export const handler = eventSubscription('notification.requested', async (event) => {
  await deliver(senders, deliveryLog, event);
});
