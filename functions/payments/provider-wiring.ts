import { once } from '#shared/lib/once.ts';
import { lifecycleService } from './lifecycle.ts';
import type { PaymentsPorts } from './payment-rules.ts';
import { notificationsService } from './provider-notifications.ts';
import { gateways } from './providers.ts';
import { reconciliationService } from './reconciliation.ts';
import { refundsService } from './refunds.ts';
import { dynamoPaymentsStore } from './store.ts';
import { basePorts } from './wiring.ts';

/** The payment use cases that call the providers (Midtrans, Xendit; keys from Secrets Manager), each area built at first use. */
const withProviders = /* @__PURE__ */ once((): PaymentsPorts => basePorts(gateways()));

/** Cancelling an attempt, closing one whose booking or order ended. */
export const lifecycle = /* @__PURE__ */ once(() => lifecycleService(withProviders()));
/** Applying notifications (the provider's status API is asked first). */
export const notifications = /* @__PURE__ */ once(() => notificationsService(withProviders()));
/** Reconciling, and the daily report. */
export const reconciliation = /* @__PURE__ */ once(() => reconciliationService(withProviders()));

/** Refunds through the providers. */
export const refunds = /* @__PURE__ */ once(() =>
  refundsService({ store: dynamoPaymentsStore(), gateways: gateways() }),
);
