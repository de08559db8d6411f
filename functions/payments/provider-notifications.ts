import type { EventEnvelope } from '#shared/events/catalog.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { paymentRules, type Notification, type PaymentsPorts } from './payment-rules.ts';
import {
  parseXenditInvoice,
  parseXenditRefund,
  rupiah,
  verifyMidtransNotification,
  verifyXenditCallback,
} from './signatures.ts';

/**
 * The providers' notifications (webhooks): a Midtrans or Xendit callback verified and read
 * (midtransNotification, xenditNotification), received — answered fast, as a
 * `payment.notification_received` event — and applied from that event, forward only (the rule
 * itself is payment-rules.ts applyNotification). No AWS imports.
 */

/** Why a webhook was refused (logged with its source; the caller only learns 401). */
export class RejectedNotification extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'RejectedNotification';
  }
}

/** A Midtrans HTTP notification, verified by its signature_key over the strings as received. */
export function midtransNotification(body: unknown, serverKey: string): Notification {
  const verified = verifyMidtransNotification(body, serverKey);
  if (!verified.ok) throw new RejectedNotification(verified.reason);
  const amount = rupiah(verified.grossAmount);
  if (amount === undefined) throw new RejectedNotification(`gross_amount ${verified.grossAmount} is not whole rupiah`);
  // Not signed: only used without a status API to ask (which then says the same).
  const refunded = (body as { refund_amount?: unknown }).refund_amount;
  const refundedAmount = typeof refunded === 'string' ? rupiah(refunded) : undefined;
  return {
    provider: 'midtrans',
    providerOrderId: verified.orderId,
    rawStatus: verified.transactionStatus,
    ...(verified.fraudStatus ? { fraudStatus: verified.fraudStatus } : {}),
    amount,
    providerTransactionId: verified.transactionId ?? null,
    method: verified.paymentType ?? null,
    ...(refundedAmount !== undefined ? { refundedAmount } : {}),
  };
}

/**
 * A Xendit invoice or refund callback, verified by its x-callback-token. Refund callbacks come to
 * the same route (the refund webhook URL is set to it); their metadata names our order.
 */
export function xenditNotification(token: string | undefined, body: unknown, callbackToken: string): Notification {
  if (!verifyXenditCallback(token, callbackToken)) throw new RejectedNotification('x-callback-token does not match');
  const refund = parseXenditRefund(body);
  if (refund) {
    return {
      provider: 'xendit',
      providerOrderId: refund.externalId,
      rawStatus: `REFUND_${refund.status}`,
      amount: refund.amount,
      providerTransactionId: refund.invoiceId,
      method: null,
      providerRefundId: refund.refundId,
      ...(refund.failureCode ? { failure: refund.failureCode } : {}),
    };
  }
  const invoice = parseXenditInvoice(body);
  if (!invoice) throw new RejectedNotification('not a Xendit invoice callback');
  return {
    provider: 'xendit',
    providerOrderId: invoice.externalId,
    rawStatus: invoice.status,
    amount: invoice.amount,
    providerTransactionId: invoice.invoiceId,
    method: invoice.method,
  };
}

export function notificationsService(ports: PaymentsPorts) {
  const { store, applyNotification } = paymentRules(ports);

  return {
    /**
     * A verified notification (from `payment.notification_received`). A duplicate or an older
     * status changes nothing; an amount that is not the payment's is refused (never trusted).
     */
    applyNotification,

    /** Answer the provider fast: the notification becomes an event, applied by the subscription. */
    async receive(notification: Notification, correlationId: string): Promise<void> {
      await store.publish([domainEvent('payment.notification_received', notification, correlationId) as EventEnvelope]);
    },
  };
}

export type NotificationsService = ReturnType<typeof notificationsService>;
