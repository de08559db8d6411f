import { ENV, optionalEnv, paymentReturnUrls } from '#shared/config/env.ts';
import { once } from '#shared/lib/once.ts';
import { vendorStaffRole } from '#shared/table/vendor-staff.ts';
import type { ProviderGateway, Provider } from './model.ts';
import type { PaymentsPorts } from './payment-rules.ts';
import { notificationsService } from './provider-notifications.ts';
import { readsService } from './reads.ts';
import { reconciliationService } from './reconciliation.ts';
import { refundsService } from './refunds.ts';
import { dynamoPaymentsStore } from './store.ts';

/**
 * The payment use cases, composed per kind of function so each bundle carries only the adapters it
 * calls (decision 0005): on the table alone (reads, reports, webhooks, manual refund tasks), with the
 * providers (provider-wiring.ts: their keys from Secrets Manager), or with the saga callbacks too
 * (saga-wiring.ts, the only one bundling the Step Functions client). A port a composition leaves out throws when used:
 * never a silent "no provider" path in a deployed function. Within each composition, every area is
 * built at first use: a handler builds (and bundles) only its own area.
 */
export function unwired<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get(_target, property) {
      if (property === 'then') return undefined; // not a thenable
      throw new Error(`${what} are not wired in this function (functions/payments/wiring.ts)`);
    },
  });
}

export function basePorts(providers: Record<Provider, ProviderGateway>): PaymentsPorts {
  return {
    store: dynamoPaymentsStore(),
    gateways: providers,
    staffRole: vendorStaffRole,
    saga: unwired('saga callbacks'),
    returnUrls: (paymentId) => paymentReturnUrls(optionalEnv(ENV.paymentReturnUrl), paymentId),
  };
}

const onTable = /* @__PURE__ */ once((): PaymentsPorts => basePorts(unwired('payment providers')));

/** Received notifications (the webhooks): the table only. */
export const webhooks = /* @__PURE__ */ once(() => notificationsService(onTable()));
/** Reconciliation reports, as admins read them: the table only. */
export const reports = /* @__PURE__ */ once(() => reconciliationService(onTable()));
/** Reading payments: the table only. */
export const paymentReads = /* @__PURE__ */ once(() => readsService(onTable()));

/** Manual refund tasks (list, complete): the table only. */
export const refundTaskList = /* @__PURE__ */ once(() =>
  refundsService({ store: dynamoPaymentsStore(), gateways: unwired('payment providers') }),
);
