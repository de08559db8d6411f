import { stepFunctionsCallbacks } from '#shared/sagas/step-functions.ts';
import { lifecycleService, type LifecycleService } from './lifecycle.ts';
import { gateways } from './providers.ts';
import { basePorts, unwired } from './wiring.ts';

/** The payment use cases that resume saga steps: the only composition bundling the Step Functions client. */
let withProviders: LifecycleService | undefined;
let resumer: LifecycleService | undefined;

/** The saga's own payment steps (start, await): the providers and the saga callbacks. */
export function paymentsWithSaga(): LifecycleService {
  withProviders ??= lifecycleService({ ...basePorts(gateways()), saga: stepFunctionsCallbacks() });
  return withProviders;
}

/** A payment's outcome resuming the step waiting for it: the table and the saga callbacks. */
export function sagaResumer(): LifecycleService {
  resumer ??= lifecycleService({ ...basePorts(unwired('payment providers')), saga: stepFunctionsCallbacks() });
  return resumer;
}
