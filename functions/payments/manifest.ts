import * as z from 'zod';
import { defineDomain } from '#shared/manifest/types.ts';
import {
  commonProblems,
  conflictProblem,
  forbiddenProblem,
  idParam,
  isoDate,
  page,
  problemResponse,
  ruleProblem,
} from '#shared/http/schemas.ts';
import { money } from '#shared/lib/shapes.ts';
import { PAYMENT_STATUSES, PROVIDERS, REJECTED_NOTIFICATION_LOG } from './model.ts';
import * as refunds from './schemas.ts';

const received = {
  200: {
    description: 'Received (applied from the event)',
    body: z.lazy(() => z.object({ received: z.literal(true) })),
  },
} as const;
// Providers retry for hours; a flood from anyone else should not reach the table.
const webhookThrottle = { rateLimit: 20, burstLimit: 40 } as const;
const rejected = {
  400: problemResponse('Not JSON'),
  401: problemResponse('Verification failed: nothing changes'),
} as const;
// Providers send their own shapes; verification, not a schema, decides what is accepted.
const anyObject = z.lazy(() => z.record(z.string(), z.unknown()));

const payment = z.lazy(() =>
  z.object({
    paymentId: z.string(),
    reference: z.string(),
    provider: z.enum(PROVIDERS),
    status: z.enum(PAYMENT_STATUSES),
    amount: money,
    refundedAmount: money,
    method: z.string().nullable(),
    expiresAt: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  }),
);

/** Payments: Midtrans and Xendit notifications, payment state and the ledger. */
export const manifest = defineDomain({
  domain: 'payments',
  description: 'Payments with Midtrans and Xendit: verified notifications, forward-only status, ledger',
  routes: {
    midtransWebhook: {
      method: 'POST',
      path: '/v1/webhooks/midtrans',
      handler: 'handlers/midtrans-webhook.ts',
      useCase: 'webhooks.receive',
      emits: ['payment.notification_received'],
      auth: 'public',
      access: { table: 'readwrite', providerSecrets: ['midtrans'] },
      throttle: webhookThrottle,
      summary: 'Midtrans HTTP notification: signature_key verified, else 401 and nothing changes',
      logAlarms: [
        {
          message: REJECTED_NOTIFICATION_LOG.midtrans,
          atLeast: 10,
          minutes: 5,
          description: 'Many Midtrans notifications failed verification (a wrong server key, or someone forging them)',
        },
      ],
      request: { body: anyObject },
      responses: { ...received, ...rejected },
    },
    xenditWebhook: {
      method: 'POST',
      path: '/v1/webhooks/xendit',
      handler: 'handlers/xendit-webhook.ts',
      useCase: 'webhooks.receive',
      emits: ['payment.notification_received'],
      auth: 'public',
      access: { table: 'readwrite', providerSecrets: ['xendit'] },
      throttle: webhookThrottle,
      summary: 'Xendit invoice callback: x-callback-token verified, else 401 and nothing changes',
      logAlarms: [
        {
          message: REJECTED_NOTIFICATION_LOG.xendit,
          atLeast: 10,
          minutes: 5,
          description: 'Many Xendit callbacks failed verification (a wrong callback token, or someone forging them)',
        },
      ],
      request: { body: anyObject },
      responses: { ...received, ...rejected },
    },
    reconciliationReport: {
      method: 'GET',
      path: '/v1/admin/payments/reconciliation/{date}',
      handler: 'handlers/reconciliation-report.ts',
      useCase: 'reports.report',
      emits: [],
      auth: 'user',
      groups: ['platform_admin'],
      access: { table: 'read' },
      summary: 'The daily reconciliation report: payments healed, expired unseen, and mismatches left for a human',
      request: { params: z.object({ date: isoDate }) },
      responses: { 200: { description: 'Report' }, ...commonProblems, 403: problemResponse('Not a platform admin') },
    },
    getPayment: {
      method: 'GET',
      path: '/v1/payments/{paymentId}',
      handler: 'handlers/get-payment.ts',
      useCase: 'paymentReads.paymentFor',
      emits: [],
      auth: 'user',
      access: { table: 'read' },
      summary: "A payment (its payer, the vendor's staff, platform admins; anyone else 404)",
      request: { params: z.object({ paymentId: idParam }) },
      responses: { 200: { description: 'Payment', body: payment }, ...commonProblems },
    },
    refundPayment: {
      method: 'POST',
      path: '/v1/payments/{paymentId}/refund',
      handler: 'handlers/refund-payment.ts',
      useCase: 'refunds.request',
      emits: [],
      auth: 'user',
      groups: ['platform_admin'],
      access: { table: 'readwrite', providerSecrets: ['midtrans', 'xendit'] },
      headers: ['Idempotency-Key'],
      summary:
        'Refund a paid payment, all that remains or part (platform admins). Idempotency-Key is required: it is the refund key at the provider. ' +
        'Methods the provider cannot refund by API (bank transfer, convenience store) become a manual refund task',
      request: { params: refunds.paymentParams, body: refunds.refundInput },
      responses: {
        202: {
          description: 'Requested at the provider (its notification moves the money), or a manual task',
          body: refunds.refundAnswer,
        },
        ...commonProblems,
        ...forbiddenProblem('Not a platform admin'),
        ...conflictProblem('Not paid or partially refunded'),
        ...ruleProblem('More than remains, the provider refused, or the Idempotency-Key was used with another body'),
      },
    },
    listRefundTasks: {
      method: 'GET',
      path: '/v1/admin/refund-tasks',
      handler: 'handlers/list-refund-tasks.ts',
      useCase: 'refundTaskList.openTasks',
      emits: [],
      auth: 'user',
      groups: ['platform_admin'],
      access: { table: 'read' },
      summary: 'Open manual refund tasks, oldest first (platform admins)',
      request: { query: refunds.taskQuery },
      responses: {
        200: { description: 'Open tasks', body: page(refunds.refundTask) },
        ...commonProblems,
        ...forbiddenProblem('Not a platform admin'),
      },
    },
    completeRefundTask: {
      method: 'POST',
      path: '/v1/admin/refund-tasks/{refundId}/complete',
      handler: 'handlers/complete-refund-task.ts',
      useCase: 'refundTaskList.completeTask',
      emits: ['payment.refunded'],
      auth: 'user',
      groups: ['platform_admin'],
      access: { table: 'readwrite' },
      summary:
        'The customer was paid back by hand: closes the task and records the refund (ledger, payment, payment.refunded)',
      request: { params: refunds.refundParams, body: refunds.completeInput },
      responses: {
        200: { description: 'Completed task', body: refunds.refundTask },
        ...commonProblems,
        ...forbiddenProblem('Not a platform admin'),
        ...conflictProblem('Already completed, or the payment can no longer be refunded'),
      },
    },
  },
  schedules: {
    dailyReport: {
      description: 'Once a day: reconcile every overdue payment and keep the report of mismatches for admins',
      schedule: 'rate(1 day)',
      handler: 'handlers/daily-report.ts',
      useCase: 'reconciliation.dailyReport',
      emits: ['payment.expired', 'payment.failed', 'payment.refunded', 'payment.succeeded'],
      access: { table: 'readwrite', providerSecrets: ['midtrans', 'xendit'] },
    },
    reconcile: {
      description:
        'Payments still awaiting 15 minutes past their expiry are looked up at the provider and moved as it says',
      schedule: 'rate(15 minutes)',
      handler: 'handlers/reconcile.ts',
      useCase: 'reconciliation.reconcile',
      emits: ['payment.expired', 'payment.failed', 'payment.refunded', 'payment.succeeded'],
      access: { table: 'readwrite', providerSecrets: ['midtrans', 'xendit'] },
    },
  },
  tasks: {
    startPayment: {
      description:
        'Opens the provider page for a booking or order attempt (once per reference); with a task token, the payment outcome resumes the step',
      handler: 'tasks/start-payment.ts',
      useCase: 'paymentsWithSaga.start',
      emits: [],
      waitsForCallback: true,
      access: { table: 'readwrite', providerSecrets: ['midtrans', 'xendit'], sagaCallbacks: true },
    },
    awaitPayment: {
      description:
        'Waits for the outcome of the payment a saga opened (keeps the task token with it; resumes at once if it already ended)',
      handler: 'tasks/await-payment.ts',
      useCase: 'paymentsWithSaga.await',
      emits: [],
      waitsForCallback: true,
      access: { table: 'readwrite', sagaCallbacks: true },
    },
    cancelPayment: {
      description:
        'Closes an unpaid attempt at the provider (the saga gave up); answers paid if the money came in anyway',
      handler: 'tasks/cancel-payment.ts',
      useCase: 'lifecycle.cancel',
      emits: ['payment.failed', 'payment.succeeded'],
      access: { table: 'readwrite', providerSecrets: ['midtrans', 'xendit'] },
    },
  },
  subscriptions: {
    refundBooking: {
      description:
        'A booking owed money back (cancelled within policy, paid after it ended) is refunded once per booking (a manual task when the provider refuses)',
      events: ['booking.refund_due'],
      handler: 'handlers/refund-booking.ts',
      useCase: 'refunds.refundOnce',
      emits: [],
      access: { table: 'readwrite', providerSecrets: ['midtrans', 'xendit'] },
    },
    refundOrder: {
      description: "An order cancelled after payment gets its share of the checkout's payment back, once per order",
      events: ['order.refund_due'],
      handler: 'handlers/refund-order.ts',
      useCase: 'refunds.refundOnce',
      emits: [],
      access: { table: 'readwrite', providerSecrets: ['midtrans', 'xendit'] },
    },
    closeEnded: {
      description:
        'A booking or order that ended unpaid (expired, swept, cancelled before paying): its payment attempt is closed at the provider and marked, and money already taken for it is refunded once',
      events: ['booking.expired', 'booking.cancelled', 'order.expired'],
      handler: 'handlers/on-purpose-ended.ts',
      useCase: 'lifecycle.purposeEnded',
      emits: ['payment.failed', 'payment.succeeded'],
      access: { table: 'readwrite', providerSecrets: ['midtrans', 'xendit'] },
    },
    refundEnded: {
      description:
        'Money that arrives for a booking or order that had already ended is refunded, once per booking or order (a manual task when the provider cannot)',
      events: ['payment.succeeded'],
      handler: 'handlers/refund-ended.ts',
      useCase: 'refunds.refundEnded',
      emits: [],
      access: { table: 'readwrite', providerSecrets: ['midtrans', 'xendit'] },
    },
    resumeSaga: {
      description:
        'A payment outcome resumes the saga step waiting for it (SendTaskSuccess, or SendTaskFailure with Payment.Failed/Expired/Cancelled)',
      events: ['payment.succeeded', 'payment.failed', 'payment.expired'],
      handler: 'handlers/resume-saga.ts',
      useCase: 'sagaResumer.resumeSaga',
      emits: [],
      access: { table: 'read', sagaCallbacks: true },
    },
    applyNotification: {
      description:
        'A verified provider notification moves the payment forward (once), with its event and ledger entries',
      events: ['payment.notification_received'],
      handler: 'handlers/on-notification.ts',
      useCase: 'notifications.applyNotification',
      emits: ['payment.expired', 'payment.failed', 'payment.refunded', 'payment.succeeded'],
      // Asks the provider's status API before acting.
      access: { table: 'readwrite', providerSecrets: ['midtrans', 'xendit'] },
    },
  },
});
