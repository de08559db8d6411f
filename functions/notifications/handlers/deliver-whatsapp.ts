import { eventSubscription } from '#shared/events/subscription.ts';
import { deliver } from '../notifications.ts';
import { twilioWhatsAppSender } from '../whatsapp-sender.ts';
import { deliveryLog } from '../store.ts';

const senders = { whatsapp: twilioWhatsAppSender() };

export const handler = eventSubscription('notification.requested', async (event) => {
  await deliver(senders, deliveryLog, event);
});
