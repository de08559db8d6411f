import type { EventEnvelope } from '#shared/events/catalog.ts';
import { render, type RenderedMessage } from './templates.ts';

/** Where messages leave the platform. */
export interface MessageSender {
  email(to: string, message: RenderedMessage): Promise<void>;
  sms(to: string, message: RenderedMessage): Promise<void>;
}

/**
 * Delivers one requested notification. WhatsApp and push have no sender yet: WhatsApp falls
 * back to SMS so a code always arrives; push is refused until the push sender exists.
 */
export async function deliver(sender: MessageSender, event: EventEnvelope<'notification.requested'>): Promise<void> {
  const { channel, to, template, locale, params } = event.data;
  const message = render(template, locale, params);
  switch (channel) {
    case 'email':
      return sender.email(to, message);
    case 'sms':
    case 'whatsapp':
      return sender.sms(to, message);
    case 'push':
      throw new Error('push notifications are not built yet');
  }
}
