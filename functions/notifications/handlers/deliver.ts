import { eventSubscription } from '#shared/events/subscription.ts';
import { deliver } from '../notifications.ts';
import { awsMessageSender } from '../senders.ts';

const sender = awsMessageSender();

export const handler = eventSubscription('notification.requested', (event) => deliver(sender, event));
