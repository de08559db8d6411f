import { ENV, optionalEnv, paymentReturnUrls } from '#shared/config/env.ts';
import { stepFunctionsCallbacks } from '#shared/sagas/step-functions.ts';
import { vendorStaffRole } from '#shared/table/vendor-staff.ts';
import { gateways } from './providers.ts';
import { paymentsService, type PaymentsService } from './payments.ts';
import { refundsService, type RefundsService } from './refunds.ts';
import { dynamoPaymentsStore } from './store.ts';

/** The payment use cases on the table and the providers, built at first use. */
let service: PaymentsService | undefined;
let refundService: RefundsService | undefined;

export function payments(): PaymentsService {
  service ??= paymentsService({
    store: dynamoPaymentsStore(), gateways: gateways(), saga: stepFunctionsCallbacks(), staffRole: vendorStaffRole,
    returnUrls: (paymentId) => paymentReturnUrls(optionalEnv(ENV.paymentReturnUrl), paymentId),
  });
  return service;
}

export function refunds(): RefundsService {
  refundService ??= refundsService({ store: dynamoPaymentsStore(), gateways: gateways() });
  return refundService;
}
