import { defineDomain } from '#shared/manifest/types.ts';

/** Notifications: turns `notification.requested` events into email (SES) and SMS (SNS). */
export const manifest = defineDomain({
  domain: 'notifications',
  description: 'Delivers messages by email, SMS and (later) WhatsApp and push',
  routes: {},
  subscriptions: {
    deliver: {
      description: 'Render the template in the recipient language and send it',
      events: ['notification.requested'],
      handler: 'handlers/deliver.ts',
      access: { messaging: true, table: 'readwrite' },
      maxReceiveCount: 5,
    },
  },
});
