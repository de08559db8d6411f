import { once } from '#shared/lib/once.ts';
import { stepFunctionsCallbacks } from '#shared/sagas/step-functions.ts';
import { lifecycleService } from './lifecycle.ts';
import { gateways } from './providers.ts';
import { basePorts, unwired } from './wiring.ts';

/** The payment use cases that resume saga steps: the only composition bundling the Step Functions client. */

/** The saga's own payment steps (start, await): the providers and the saga callbacks. */
export const paymentsWithSaga = /* @__PURE__ */ once(() =>
  lifecycleService({ ...basePorts(gateways()), saga: stepFunctionsCallbacks() }),
);

/** A payment's outcome resuming the step waiting for it: the table and the saga callbacks. */
export const sagaResumer = /* @__PURE__ */ once(() =>
  lifecycleService({ ...basePorts(unwired('payment providers')), saga: stepFunctionsCallbacks() }),
);
