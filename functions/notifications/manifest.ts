import { defineDomain } from '#shared/manifest/types.ts';
import type { SubscriptionSpec } from '#shared/manifest/types.ts';

/** One subscription per channel: its own function (small bundle), queue, retries and DLQ. */
function channel(name: 'email' | 'sms' | 'whatsapp', provider: string) {
  return {
    description: `Render the template in the recipient's language and send it by ${provider}, once per event`,
    events: ['notification.requested'],
    detail: { data: { channel: [name] } },
    handler: `handlers/deliver-${name}.ts`,
    emits: [],
    access: { messaging: [name], table: 'readwrite' },
    maxReceiveCount: 5,
  } as const satisfies SubscriptionSpec;
}

/** Notifications: turns `notification.requested` events into email (SES), SMS (SNS) and WhatsApp (Twilio). */
export const manifest = defineDomain({
  domain: 'notifications',
  description: 'Delivers messages by email, SMS and WhatsApp (push later)',
  routes: {},
  subscriptions: {
    deliverEmail: channel('email', 'email (SES)'),
    deliverSms: channel('sms', 'SMS (SNS)'),
    deliverWhatsapp: channel('whatsapp', 'WhatsApp (Twilio)'),
  },
});
