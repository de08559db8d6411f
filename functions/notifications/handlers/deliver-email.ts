import { eventSubscription } from '#shared/events/subscription.ts';
import { deliver } from '../notifications.ts';
import { sesEmailSender } from '../email-sender.ts';
import { deliveryLog } from '../store.ts';

const senders = { email: sesEmailSender() };

export const handler = eventSubscription('notification.requested', async (event) => {
  await deliver(senders, deliveryLog, event);
});
