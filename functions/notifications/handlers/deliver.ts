import { eventSubscription } from '#shared/events/subscription.ts';
import { deliver } from '../notifications.ts';
import { awsMessageSender } from '../senders.ts';
import { deliveryLog } from '../store.ts';

const sender = awsMessageSender();

export const handler = eventSubscription('notification.requested', async (event) => {
  await deliver(sender, deliveryLog, event);
});
