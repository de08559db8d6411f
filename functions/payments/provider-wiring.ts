import { paymentsService, type PaymentsService } from './payments.ts';
import { gateways } from './providers.ts';
import { refundsService, type RefundsService } from './refunds.ts';
import { dynamoPaymentsStore } from './store.ts';
import { basePorts } from './wiring.ts';

/** The payment use cases that call the providers (Midtrans, Xendit; keys from Secrets Manager). */
let withProviders: PaymentsService | undefined;
let refundService: RefundsService | undefined;

/** Applying notifications, reconciling, cancelling. */
export function payments(): PaymentsService {
  withProviders ??= paymentsService(basePorts(gateways()));
  return withProviders;
}

/** Refunds through the providers. */
export function refunds(): RefundsService {
  refundService ??= refundsService({ store: dynamoPaymentsStore(), gateways: gateways() });
  return refundService;
}
