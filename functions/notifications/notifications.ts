import type { EventEnvelope } from '#shared/events/catalog.ts';
import { render, type RenderedMessage } from './templates.ts';

export type Channel = 'email' | 'sms' | 'whatsapp';

/** Sends one rendered message to one address on one channel. */
export type ChannelSender = (to: string, message: RenderedMessage) => Promise<void>;

/** Remembers which requests were sent, so a redelivered event does not message twice. */
export interface DeliveryLog {
  wasSent(eventId: string): Promise<boolean>;
  markSent(eventId: string, channel: string): Promise<void>;
}

/**
 * Delivers one requested notification, once per event id (events arrive at least once). Each
 * channel has its own subscription, function and queue (manifest.ts), so one provider's outage
 * never holds back another's messages. A send that fails is retried by the queue; a crash between
 * sending and marking can still repeat a message — a rare duplicate beats a lost code.
 */
export async function deliver(
  senders: Partial<Record<Channel, ChannelSender>>,
  log: DeliveryLog,
  event: EventEnvelope<'notification.requested'>,
): Promise<'sent' | 'duplicate'> {
  if (await log.wasSent(event.id)) return 'duplicate';
  const { channel, to, template, locale, params } = event.data;
  const send = channel === 'push' ? undefined : senders[channel];
  if (!send) throw new Error(`this function has no ${channel} sender (push is not built yet)`);
  await send(to, render(template, locale, params));
  await log.markSent(event.id, channel);
  return 'sent';
}
