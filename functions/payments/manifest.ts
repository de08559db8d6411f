import * as z from 'zod';
import { defineDomain } from '#shared/manifest/types.ts';
import { commonProblems, idParam, money, problemResponse } from '#shared/http/schemas.ts';
import { PAYMENT_STATUSES, PROVIDERS } from './model.ts';

const received = { 200: { description: 'Received (applied from the event)', body: z.object({ received: z.literal(true) }) } } as const;
const rejected = { 400: problemResponse('Not JSON'), 401: problemResponse('Verification failed: nothing changes') } as const;
// Providers send their own shapes; verification, not a schema, decides what is accepted.
const anyObject = z.record(z.string(), z.unknown());

const payment = z.object({
  paymentId: z.string(), reference: z.string(), provider: z.enum(PROVIDERS), status: z.enum(PAYMENT_STATUSES),
  amount: money, refundedAmount: money, method: z.string().nullable(), expiresAt: z.string(), createdAt: z.string(), updatedAt: z.string(),
});

/** Payments: Midtrans and Xendit notifications, payment state and the ledger. */
export const manifest = defineDomain({
  domain: 'payments',
  description: 'Payments with Midtrans and Xendit: verified notifications, forward-only status, ledger',
  routes: {
    midtransWebhook: {
      method: 'POST', path: '/v1/webhooks/midtrans', handler: 'handlers/midtrans-webhook.ts', auth: 'public',
      access: { table: 'readwrite', providerSecrets: ['midtrans'] },
      summary: 'Midtrans HTTP notification: signature_key verified, else 401 and nothing changes',
      request: { body: anyObject },
      responses: { ...received, ...rejected },
    },
    xenditWebhook: {
      method: 'POST', path: '/v1/webhooks/xendit', handler: 'handlers/xendit-webhook.ts', auth: 'public',
      access: { table: 'readwrite', providerSecrets: ['xendit'] },
      summary: 'Xendit invoice callback: x-callback-token verified, else 401 and nothing changes',
      request: { body: anyObject },
      responses: { ...received, ...rejected },
    },
    getPayment: {
      method: 'GET', path: '/v1/payments/{paymentId}', handler: 'handlers/get-payment.ts', auth: 'user', access: { table: 'read' },
      summary: 'A payment (its payer, platform admins)',
      request: { params: z.object({ paymentId: idParam }) },
      responses: { 200: { description: 'Payment', body: payment }, ...commonProblems },
    },
  },
  schedules: {
    reconcile: {
      description: 'Payments still awaiting 15 minutes past their expiry are looked up at the provider and moved as it says',
      schedule: 'rate(15 minutes)',
      handler: 'handlers/reconcile.ts',
      access: { table: 'readwrite', providerSecrets: ['midtrans', 'xendit'] },
    },
  },
  subscriptions: {
    applyNotification: {
      description: 'A verified provider notification moves the payment forward (once), with its event and ledger entries',
      events: ['payment.notification_received'],
      handler: 'handlers/on-notification.ts',
      // Asks the provider's status API before acting.
      access: { table: 'readwrite', providerSecrets: ['midtrans', 'xendit'] },
    },
  },
});
