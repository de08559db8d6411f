import { readFileSync } from 'node:fs';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '#shared/lib/ids.ts';
import { dynamoPaymentsStore } from '../functions/payments/store.ts';
import { bootPlatform, eventually, signedUpUser, type TestPlatform, type TestUser } from './support.ts';

/**
 * A saga waiting for a payment, end to end on the local platform: the same ASL conventions CDK
 * deploys, run by the local Step Functions service; payments.startPayment keeps the task token,
 * the sandbox's webhook moves the payment, resumeSaga answers the waiting step over the Step
 * Functions API; failure, expiry and timeout run payments.cancelPayment.
 */
let t: TestPlatform;
let sfn: SFNClient;
let payer: TestUser;
let stateMachineArn = '';

beforeAll(async () => {
  t = await bootPlatform();
  payer = await signedUpUser(t.api);
  sfn = new SFNClient({
    endpoint: t.platform.endpoints.stepFunctions,
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
  const definition = readFileSync(new URL('./fixtures/payment-wait.asl.json', import.meta.url), 'utf8')
    .replaceAll('${StartPayment}', t.platform.taskFunctionArn('payments', 'startPayment'))
    .replaceAll('${CancelPayment}', t.platform.taskFunctionArn('payments', 'cancelPayment'));
  ({ stateMachineArn } = (await sfn.send(
    new CreateStateMachineCommand({
      name: `payment-wait-${newId()}`,
      definition,
      roleArn: 'arn:aws:iam::000000000000:role/local',
    }),
  )) as { stateMachineArn: string });
}, 120_000);
afterAll(async () => {
  sfn?.destroy();
  await t?.stop();
});

async function startSaga(provider: 'midtrans' | 'xendit', amount: number) {
  const reference = `booking:${newId()}`;
  const input = {
    reference,
    provider,
    payerId: payer.userId,
    vendorId: 'vendor-saga',
    amount,
    expiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    customer: { name: 'Rina', email: payer.username },
    items: [{ id: 'svc', name: 'Sterilisasi kucing', price: amount, quantity: 1 }],
  };
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, name: reference.replace(':', '-'), input: JSON.stringify(input) }),
  );
  // The step has opened the provider's page once the payment exists.
  const payment = await eventually('the payment page', async () => {
    const found = await dynamoPaymentsStore().paymentByReference(reference);
    return found?.redirectUrl ? found : undefined;
  });
  return { executionArn: executionArn!, payment, reference };
}

async function finished(executionArn: string) {
  return eventually(
    'the saga to finish',
    async () => {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      return execution.status === 'RUNNING' ? undefined : execution;
    },
    30_000,
  );
}

describe('a saga waiting for a payment', () => {
  it.each(['midtrans', 'xendit'] as const)(
    '%s: paying on the sandbox page resumes the step with the paid payment',
    async (provider) => {
      const { executionArn, payment } = await startSaga(provider, 210_000);
      expect(payment.sagaToken).toBeTruthy();
      expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
      await t.platform.paymentSandbox.pay(payment.paymentId, 'pay');
      const execution = await finished(executionArn);
      expect(execution.status).toBe('SUCCEEDED');
      expect(JSON.parse(execution.output!).payment).toMatchObject({
        paymentId: payment.paymentId,
        status: 'paid',
        amount: 210_000,
        provider,
      });
    },
  );

  it('a failed payment fails the step with Payment.Failed; the saga closes the attempt, which stays failed', async () => {
    const { executionArn, payment } = await startSaga('midtrans', 80_000);
    await t.platform.paymentSandbox.pay(payment.paymentId, 'fail');
    const output = JSON.parse((await finished(executionArn)).output!);
    expect(output.failure.Error).toBe('Payment.Failed');
    expect(output.cancelled).toEqual({ paymentId: payment.paymentId, status: 'failed' });
  });

  it('a step that times out cancels the attempt at the provider: the page can no longer be paid', async () => {
    const { executionArn, payment } = await startSaga('xendit', 120_000);
    const output = JSON.parse((await finished(executionArn)).output!);
    expect(output.failure.Error).toBe('States.Timeout');
    expect(output.cancelled).toEqual({ paymentId: payment.paymentId, status: 'cancelled' });
    await expect(t.platform.paymentSandbox.pay(payment.paymentId, 'pay')).rejects.toMatchObject({ status: 409 });
    await t.platform.eventsIdle();
    expect((await dynamoPaymentsStore().getPayment(payment.paymentId))?.status).toBe('cancelled');
  });
});
