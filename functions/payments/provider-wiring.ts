import { lifecycleService, type LifecycleService } from './lifecycle.ts';
import type { PaymentsPorts } from './payment-rules.ts';
import { notificationsService, type NotificationsService } from './provider-notifications.ts';
import { gateways } from './providers.ts';
import { reconciliationService, type ReconciliationService } from './reconciliation.ts';
import { refundsService, type RefundsService } from './refunds.ts';
import { dynamoPaymentsStore } from './store.ts';
import { basePorts } from './wiring.ts';

/** The payment use cases that call the providers (Midtrans, Xendit; keys from Secrets Manager), each area built at first use. */
let ports: PaymentsPorts | undefined;
const withProviders = (): PaymentsPorts => (ports ??= basePorts(gateways()));

const built: {
  lifecycle?: LifecycleService;
  notifications?: NotificationsService;
  reconciliation?: ReconciliationService;
  refunds?: RefundsService;
} = {};

/** Cancelling an attempt, closing one whose booking or order ended. */
export const lifecycle = () => (built.lifecycle ??= lifecycleService(withProviders()));
/** Applying notifications (the provider's status API is asked first). */
export const notifications = () => (built.notifications ??= notificationsService(withProviders()));
/** Reconciling, and the daily report. */
export const reconciliation = () => (built.reconciliation ??= reconciliationService(withProviders()));

/** Refunds through the providers. */
export function refunds(): RefundsService {
  built.refunds ??= refundsService({ store: dynamoPaymentsStore(), gateways: gateways() });
  return built.refunds;
}
