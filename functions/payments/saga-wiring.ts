import { stepFunctionsCallbacks } from '#shared/sagas/step-functions.ts';
import { paymentsService, type PaymentsService } from './payments.ts';
import { gateways } from './providers.ts';
import { basePorts, unwired } from './wiring.ts';

/** The payment use cases that resume saga steps: the only composition bundling the Step Functions client. */
let withProviders: PaymentsService | undefined;
let resumer: PaymentsService | undefined;

/** The saga's own payment steps (start, await): the providers and the saga callbacks. */
export function paymentsWithSaga(): PaymentsService {
  withProviders ??= paymentsService({ ...basePorts(gateways()), saga: stepFunctionsCallbacks() });
  return withProviders;
}

/** A payment's outcome resuming the step waiting for it: the table and the saga callbacks. */
export function sagaResumer(): PaymentsService {
  resumer ??= paymentsService({ ...basePorts(unwired('payment providers')), saga: stepFunctionsCallbacks() });
  return resumer;
}
