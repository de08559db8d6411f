import type { EventEnvelope } from '#shared/events/catalog.ts';
import { render, type RenderedMessage } from './templates.ts';

/** Where messages leave the platform. */
export interface MessageSender {
  email(to: string, message: RenderedMessage): Promise<void>;
  sms(to: string, message: RenderedMessage): Promise<void>;
  whatsapp(to: string, message: RenderedMessage): Promise<void>;
}

/** Remembers which requests were sent, so a redelivered event does not message twice. */
export interface DeliveryLog {
  wasSent(eventId: string): Promise<boolean>;
  markSent(eventId: string, channel: string): Promise<void>;
}

/**
 * Delivers one requested notification, once per event id (events arrive at least once). A send
 * that fails is retried by the queue; a crash between sending and marking can still repeat a
 * message — the rare duplicate is preferred over a lost code.
 * Push has no sender yet (no device registry): it is refused, and the message dead-letters.
 */
export async function deliver(sender: MessageSender, log: DeliveryLog, event: EventEnvelope<'notification.requested'>): Promise<'sent' | 'duplicate'> {
  if (await log.wasSent(event.id)) return 'duplicate';
  const { channel, to, template, locale, params } = event.data;
  const message = render(template, locale, params);
  switch (channel) {
    case 'email':
      await sender.email(to, message);
      break;
    case 'sms':
      await sender.sms(to, message);
      break;
    case 'whatsapp':
      await sender.whatsapp(to, message);
      break;
    case 'push':
      throw new Error('push notifications are not built yet');
  }
  await log.markSent(event.id, channel);
  return 'sent';
}
