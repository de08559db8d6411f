import { SFNClient, StopExecutionCommand } from '@aws-sdk/client-sfn';
import { sagaArnEnv } from '#shared/manifest/types.ts';
import { sagaService } from '../functions/booking/saga.ts';
import { dynamoBookingStore } from '../functions/booking/store.ts';
import { orderPorts } from '../functions/orders/wiring.ts';
import { sagaService as orderSagaService } from '../functions/orders/saga.ts';
import { reconciliationService } from '../functions/payments/reconciliation.ts';
import { gateways } from '../functions/payments/providers.ts';
import { dynamoPaymentsStore } from '../functions/payments/store.ts';
import type { TestPlatform } from './support.ts';

/**
 * What the safety nets see when they run later than now: the schedules' own use cases (the hold
 * sweeper, the checkout sweeper, payment reconciliation) on the platform's table and providers,
 * with a clock `aheadMs` in the future — the same code the scheduled handlers run, minus the wait.
 * And a saga lost as the local Step Functions loses it on a restart (its execution stopped).
 */
const later = (aheadMs: number) => () => new Date(Date.now() + aheadMs);

export const sweepHoldsAt = (aheadMs: number) =>
  sagaService({ store: dynamoBookingStore(), now: later(aheadMs) }).sweepHolds();

export const sweepCheckoutsAt = (aheadMs: number) =>
  orderSagaService(orderPorts({ now: later(aheadMs) })).sweepCheckouts();

export const reconcileAt = (aheadMs: number) =>
  reconciliationService({ store: dynamoPaymentsStore(), gateways: gateways(), now: later(aheadMs) }).reconcile();

/** Stops the saga execution named `name` (a booking id, a checkout id), as if it was lost; false if it was not running. */
export async function loseSaga(
  t: TestPlatform,
  saga: 'booking.booking' | 'orders.order',
  name: string,
): Promise<boolean> {
  const stateMachineArn = t.platform.env[sagaArnEnv(saga)] ?? process.env[sagaArnEnv(saga)];
  if (!stateMachineArn) throw new Error(`no state machine for ${saga}`);
  const executionArn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
  const sfn = new SFNClient({
    endpoint: t.platform.endpoints.stepFunctions,
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  try {
    await sfn.send(
      new StopExecutionCommand({ executionArn, error: 'Lost', cause: 'the local Step Functions forgot it (test)' }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'ExecutionDoesNotExist') return false;
    throw error;
  } finally {
    sfn.destroy();
  }
}
