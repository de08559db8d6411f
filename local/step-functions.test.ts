import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TaskDoesNotExist,
  type DescribeExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { startStepFunctions, type LocalStepFunctions } from './step-functions.ts';
import { freePort } from './ports.ts';
import { loadHandler } from './lambda.ts';
import { holds } from './fixtures/saga-task-hold.ts';
import { payments } from './fixtures/saga-task-payment.ts';
import { confirmations } from './fixtures/saga-task-confirm.ts';
import { released } from './fixtures/saga-task-release.ts';
import { refundRequests } from './fixtures/saga-task-refund.ts';
import { refundTokens } from './fixtures/saga-task-watch-refund.ts';

const FUNCTIONS: Record<string, string> = {
  HoldSlot: 'saga-task-hold.ts',
  StartPayment: 'saga-task-payment.ts',
  ConfirmBooking: 'saga-task-confirm.ts',
  ReleaseSlot: 'saga-task-release.ts',
  RequestRefund: 'saga-task-refund.ts',
  WatchRefund: 'saga-task-watch-refund.ts',
  RecordRefund: 'saga-task-record-refund.ts',
  ReserveStock: 'saga-task-reserve.ts',
};
const fixture = (file: string) => fileURLToPath(new URL(`./fixtures/${file}`, import.meta.url));
const functionArn = (name: string) => `arn:aws:lambda:ap-southeast-3:000000000000:function:${name}`;
/** What the local platform does instead of CDK's definitionSubstitutions. */
const asl = (file: string) =>
  readFileSync(fixture(file), 'utf8').replace(/\$\{(\w+)\}/g, (_, name: string) => functionArn(name));
const resolveFunction = (ref: string) => {
  const file = FUNCTIONS[ref.startsWith('arn:') ? (ref.split(':')[6] ?? '') : ref];
  return file && fixture(file);
};
const credentials = { accessKeyId: 'x', secretAccessKey: 'x' };

async function until<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what} did not happen in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

interface Service {
  sfn: LocalStepFunctions;
  client: SFNClient;
  logs: string[];
  booking: string;
  refund: string;
  wait: string;
}

async function service(timeScale: number): Promise<Service> {
  const logs: string[] = [];
  const sfn = await startStepFunctions({
    port: await freePort(),
    resolveFunction,
    timeScale,
    log: (line) => logs.push(line),
  });
  const client = new SFNClient({ endpoint: sfn.endpoint, region: 'ap-southeast-3', credentials });
  return {
    sfn,
    client,
    logs,
    booking: sfn.createStateMachine('booking', asl('saga-booking.asl.json')),
    refund: sfn.createStateMachine('refund', asl('saga-refund.asl.json')),
    wait: sfn.createStateMachine('reminder', asl('saga-wait.asl.json')),
  };
}

async function start({ client }: Service, stateMachineArn: string, input: unknown, name?: string): Promise<string> {
  const started = await client.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input), ...(name ? { name } : {}) }),
  );
  return started.executionArn ?? '';
}

async function finished(
  { client }: Service,
  executionArn: string,
): Promise<DescribeExecutionCommandOutput & { result: unknown }> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const described = await client.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING')
      return { ...described, result: described.output === undefined ? undefined : JSON.parse(described.output) };
    if (Date.now() > deadline) throw new Error(`${executionArn} is still running`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const booking = (bookingId: string, scenario: string, prepaid = false) => ({
  bookingId,
  slot: '2025-03-01T10:00',
  scenario,
  prepaid,
  amount: 150_000,
});
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected an error'),
    (error: unknown) => error as Error,
  );

/** timeScale 1: nothing times out while a test answers a token. */
let slow: Service;
/** timeScale 1/10 000: 900 s is 90 ms, an hour 360 ms. */
let fast: Service;

beforeAll(async () => {
  // Load the handlers before any clock starts: the first import can take seconds on a busy CI machine.
  for (const file of Object.values(FUNCTIONS)) await loadHandler(fixture(file));
  slow = await service(1);
  fast = await service(0.0001);
  // The fixture that answers its own token uses a client configured the production way.
  vi.stubEnv('AWS_ENDPOINT_URL_SFN', slow.sfn.endpoint);
  vi.stubEnv('AWS_REGION', 'ap-southeast-3');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'x');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'x');
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  for (const { client, sfn } of [slow, fast]) {
    client.destroy();
    await sfn.stop();
  }
});

describe('local Step Functions: Lambda tasks', { timeout: 30_000 }, () => {
  it('runs a lambda:invoke chain: the { Payload, StatusCode } result through ResultSelector and ResultPath', async () => {
    const execution = await finished(slow, await start(slow, slow.booking, booking('chain-1', 'ok')));
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.result).toEqual({
      ...booking('chain-1', 'ok'),
      hold: { holdId: 'hold-chain-1', status: 200 },
      confirmation: { status: 'CONFIRMED', confirmedHold: 'hold-chain-1' },
    });
    // Payload.$ "$" hands the whole state to the function, the earlier result included.
    expect(confirmations.find((c) => c.bookingId === 'chain-1')).toEqual({
      bookingId: 'chain-1',
      hold: { holdId: 'hold-chain-1', status: 200 },
      payment: undefined,
    });
  });

  it("catches a handler's custom error by its name, with the Lambda runtime's cause", async () => {
    const execution = await finished(slow, await start(slow, slow.booking, booking('full-1', 'full')));
    expect(execution.status).toBe('SUCCEEDED');
    const result = execution.result as { status: string; error: string; cause: string };
    expect(result).toMatchObject({ status: 'REJECTED', bookingId: 'full-1', error: 'SlotFull' });
    expect(JSON.parse(result.cause)).toEqual({ errorMessage: 'slot 2025-03-01T10:00 is taken', errorType: 'SlotFull' });
    expect(confirmations.some((c) => c.bookingId === 'full-1')).toBe(false);
  });

  it('retries an error the Retry names until the handler succeeds, with scaled intervals', async () => {
    const began = Date.now();
    const execution = await finished(fast, await start(fast, fast.booking, booking('busy-1', 'busy')));
    expect(execution.status).toBe('SUCCEEDED');
    expect(holds.filter((hold) => hold.bookingId === 'busy-1').map((hold) => hold.attempt)).toEqual([1, 2, 3]);
    expect((execution.result as { confirmation: unknown }).confirmation).toEqual({
      status: 'CONFIRMED',
      confirmedHold: 'hold-busy-1',
    });
    // Unscaled, the two retries would wait 2 s and 4 s.
    expect(Date.now() - began).toBeLessThan(4_000);
  });

  it('fails the execution on an uncaught error, and logs it', async () => {
    const executionArn = await start(slow, slow.booking, booking('fire-1', 'explode'), 'fire-1');
    const execution = await finished(slow, executionArn);
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('Error');
    expect(JSON.parse(execution.cause ?? '')).toEqual({
      errorMessage: 'the bookings table is on fire',
      errorType: 'Error',
    });
    expect(execution.stopDate).toBeInstanceOf(Date);
    expect(slow.logs.filter((line) => line.includes('booking/fire-1'))).toEqual([
      expect.stringContaining('FAILED: Error: {"errorMessage":"the bookings table is on fire"'),
    ]);
  });

  it('runs Lambda tasks inside a Map state, one per item', async () => {
    const order = slow.sfn.createStateMachine('order', asl('saga-order.asl.json'));
    const input = {
      orderId: 'o-1',
      items: [
        { sku: 'kibble', quantity: 2 },
        { sku: 'leash', quantity: 1 },
        { sku: 'bowl', quantity: 3 },
      ],
    };
    const execution = await finished(slow, await start(slow, order, input));
    expect(execution.result).toEqual({
      ...input,
      reservations: [
        { reservationId: 'o-1-kibble', quantity: 2 },
        { reservationId: 'o-1-leash', quantity: 1 },
        { reservationId: 'o-1-bowl', quantity: 3 },
      ],
    });
  });

  it('passes the state input to a function called by its ARN and uses its return value as is', async () => {
    const executionArn = await start(slow, slow.refund, { paymentId: 'pay-9', amount: 50_000 });
    const token = await until('the refund token', () => refundTokens.get('rf-pay-9'));
    expect(refundRequests).toContainEqual({ paymentId: 'pay-9', amount: 50_000 });
    await slow.client.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await slow.client.send(
      new SendTaskSuccessCommand({
        taskToken: token,
        output: JSON.stringify({ settled: true, providerRef: 'mt-77', extra: 1 }),
      }),
    );
    const execution = await finished(slow, executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.result).toEqual({ status: 'REFUNDED', refundId: 'rf-pay-9', providerRef: 'mt-77' });
  });
});

describe('local Step Functions: callbacks (.waitForTaskToken)', { timeout: 30_000 }, () => {
  it('waits for SendTaskSuccess, whose output flows on; a second send gets TaskDoesNotExist', async () => {
    const executionArn = await start(slow, slow.booking, booking('pay-1', 'ok', true));
    const payment = await until('the payment task', () => payments.get('pay-1'));
    expect(payment).toMatchObject({ amount: 150_000, holdId: 'hold-pay-1', executionId: executionArn });
    // idle() does not wait for a callback.
    await slow.sfn.idle(5_000);
    expect(slow.sfn.describeExecution(executionArn)?.status).toBe('RUNNING');

    await slow.client.send(
      new SendTaskSuccessCommand({
        taskToken: payment.taskToken,
        output: JSON.stringify({ paymentId: 'p-1', method: 'qris' }),
      }),
    );
    const execution = await finished(slow, executionArn);
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.result).toMatchObject({
      payment: { paymentId: 'p-1', method: 'qris' },
      confirmation: { status: 'CONFIRMED' },
    });
    expect(confirmations.find((c) => c.bookingId === 'pay-1')?.payment).toEqual({ paymentId: 'p-1', method: 'qris' });

    const again = await rejection(
      slow.client.send(new SendTaskSuccessCommand({ taskToken: payment.taskToken, output: '{}' })),
    );
    expect(again).toBeInstanceOf(TaskDoesNotExist);
    expect(again.name).toBe('TaskDoesNotExist');
    expect(
      (await rejection(slow.client.send(new SendTaskSuccessCommand({ taskToken: 'not-a-token', output: '{}' })))).name,
    ).toBe('InvalidToken');
  });

  it('fails the state on SendTaskFailure with its error name, caught by States.TaskFailed', async () => {
    const executionArn = await start(slow, slow.booking, booking('pay-2', 'ok', true));
    const { taskToken } = await until('the payment task', () => payments.get('pay-2'));
    await slow.client.send(new SendTaskFailureCommand({ taskToken, error: 'PaymentDeclined', cause: 'card declined' }));
    const execution = await finished(slow, executionArn);
    expect(execution.result).toEqual({
      status: 'CANCELLED',
      bookingId: 'pay-2',
      outcome: 'PAYMENT_FAILED',
      error: 'PaymentDeclined',
      cause: 'card declined',
    });
    expect(released).toContain('hold-pay-2');
  });

  it('fails the state when the callback function itself throws', async () => {
    const execution = await finished(slow, await start(slow, slow.booking, booking('pay-3', 'provider-down', true)));
    const result = execution.result as { outcome: string; error: string; cause: string };
    expect(result).toMatchObject({ status: 'CANCELLED', outcome: 'PAYMENT_FAILED', error: 'Error' });
    expect(JSON.parse(result.cause)).toEqual({ errorMessage: 'payment provider unavailable', errorType: 'Error' });
  });

  it('accepts a callback that arrives before the function has returned', async () => {
    const execution = await finished(slow, await start(slow, slow.booking, booking('pay-4', 'instant', true)));
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.result).toMatchObject({
      payment: { paymentId: 'pay-pay-4', method: 'qris' },
      confirmation: { status: 'CONFIRMED' },
    });
  });

  it('times out after TimeoutSeconds with States.Timeout, which States.TaskFailed does not catch; the late token gets TaskTimedOut', async () => {
    const began = Date.now();
    const executionArn = await start(fast, fast.booking, booking('late-1', 'ok', true));
    const execution = await finished(fast, executionArn);
    expect(execution.result).toMatchObject({
      status: 'CANCELLED',
      outcome: 'PAYMENT_EXPIRED',
      error: 'States.Timeout',
    });
    expect(Date.now() - began).toBeLessThan(10_000);
    expect(released).toContain('hold-late-1');
    const late = await rejection(
      fast.client.send(new SendTaskSuccessCommand({ taskToken: payments.get('late-1')?.taskToken, output: '{}' })),
    );
    expect(late.name).toBe('TaskTimedOut');
  });

  it('fails the state with States.HeartbeatTimeout when no heartbeat comes in HeartbeatSeconds', async () => {
    const execution = await finished(fast, await start(fast, fast.refund, { paymentId: 'pay-10', amount: 1 }));
    expect(execution.result).toEqual({
      status: 'NEEDS_REVIEW',
      refundId: 'rf-pay-10',
      error: 'States.HeartbeatTimeout',
    });
    const heartbeat = await rejection(
      fast.client.send(new SendTaskHeartbeatCommand({ taskToken: refundTokens.get('rf-pay-10') })),
    );
    expect(heartbeat.name).toBe('TaskTimedOut');
  });
});

describe('local Step Functions: Wait and the API', { timeout: 30_000 }, () => {
  it('finishes an hour-long Wait and a Wait until a timestamp an hour away in milliseconds', async () => {
    const began = Date.now();
    const input = { remindAt: new Date(Date.now() + 3_600_000).toISOString(), booking: { id: 'b-1' } };
    const execution = await finished(fast, await start(fast, fast.wait, input));
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.result).toEqual({ id: 'b-1' });
    // 2 × 360 ms scaled: the waits happen, only shorter.
    expect(Date.now() - began).toBeGreaterThanOrEqual(600);
    expect(Date.now() - began).toBeLessThan(10_000);
  });

  it('answers a repeated StartExecution (same name and input) while it runs, and ExecutionAlreadyExists otherwise', async () => {
    const input = JSON.stringify(booking('dup-1', 'ok', true));
    const first = await slow.client.send(
      new StartExecutionCommand({ stateMachineArn: slow.booking, name: 'dup-1', input }),
    );
    const second = await slow.client.send(
      new StartExecutionCommand({ stateMachineArn: slow.booking, name: 'dup-1', input }),
    );
    expect(second.executionArn).toBe(first.executionArn);
    expect(second.startDate).toEqual(first.startDate);
    expect(first.executionArn).toBe('arn:aws:states:ap-southeast-3:000000000000:execution:booking:dup-1');

    const other = await rejection(
      slow.client.send(
        new StartExecutionCommand({
          stateMachineArn: slow.booking,
          name: 'dup-1',
          input: JSON.stringify(booking('dup-1', 'full')),
        }),
      ),
    );
    expect(other).toBeInstanceOf(ExecutionAlreadyExists);

    await slow.client.send(
      new StopExecutionCommand({ executionArn: first.executionArn, error: 'Cancelled', cause: 'customer cancelled' }),
    );
    const closed = await rejection(
      slow.client.send(new StartExecutionCommand({ stateMachineArn: slow.booking, name: 'dup-1', input })),
    );
    expect(closed.name).toBe('ExecutionAlreadyExists');
  });

  it('stops an execution: ABORTED with the given error, no compensation, and its token is gone', async () => {
    const executionArn = await start(slow, slow.booking, booking('stop-1', 'ok', true), 'stop-1');
    const { taskToken } = await until('the payment task', () => payments.get('stop-1'));
    const stopped = await slow.client.send(
      new StopExecutionCommand({ executionArn, error: 'Cancelled', cause: 'customer cancelled' }),
    );
    expect(stopped.stopDate).toBeInstanceOf(Date);
    const execution = await slow.client.send(new DescribeExecutionCommand({ executionArn }));
    expect(execution).toMatchObject({
      status: 'ABORTED',
      error: 'Cancelled',
      cause: 'customer cancelled',
      name: 'stop-1',
      stateMachineArn: slow.booking,
    });
    expect(execution.output).toBeUndefined();
    expect((await rejection(slow.client.send(new SendTaskSuccessCommand({ taskToken, output: '{}' })))).name).toBe(
      'TaskDoesNotExist',
    );
    expect(released).not.toContain('hold-stop-1');
  });

  it('names unknown state machines, executions and bad input the way Step Functions does', async () => {
    const unknown = 'arn:aws:states:ap-southeast-3:000000000000:stateMachine:nope';
    expect(
      (await rejection(slow.client.send(new StartExecutionCommand({ stateMachineArn: unknown, input: '{}' })))).name,
    ).toBe('StateMachineDoesNotExist');
    expect(
      (
        await rejection(
          slow.client.send(
            new DescribeExecutionCommand({ executionArn: `${unknown.replace('stateMachine', 'execution')}:x` }),
          ),
        )
      ).name,
    ).toBe('ExecutionDoesNotExist');
    expect((await rejection(slow.client.send(new DescribeExecutionCommand({ executionArn: 'nonsense' })))).name).toBe(
      'InvalidArn',
    );
    expect(
      (await rejection(slow.client.send(new StartExecutionCommand({ stateMachineArn: slow.booking, input: '{oops' }))))
        .name,
    ).toBe('InvalidExecutionInput');

    const orphan = JSON.stringify({
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: { FunctionName: functionArn('Nope') },
          End: true,
        },
      },
    });
    const execution = await finished(slow, await start(slow, slow.sfn.createStateMachine('orphan', orphan), {}));
    expect(execution).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException' });
  });

  it('creates state machines over HTTP as Step Functions does, refuses what it cannot run, and replaces them locally', async () => {
    // ResultPath "$" (the default, spelled out) must replace the input, not add a "$" key.
    const pass = (result: number) =>
      JSON.stringify({
        StartAt: 'P',
        States: { P: { Type: 'Pass', Result: { n: result }, ResultPath: '$', End: true } },
      });
    const created = await slow.client.send(
      new CreateStateMachineCommand({
        name: 'numbers',
        definition: pass(1),
        roleArn: 'arn:aws:iam::000000000000:role/x',
      }),
    );
    expect(created.stateMachineArn).toBe('arn:aws:states:ap-southeast-3:000000000000:stateMachine:numbers');
    const again = await slow.client.send(
      new CreateStateMachineCommand({
        name: 'numbers',
        definition: pass(1),
        roleArn: 'arn:aws:iam::000000000000:role/x',
      }),
    );
    expect(again.creationDate).toEqual(created.creationDate);
    expect(
      (
        await rejection(
          slow.client.send(new CreateStateMachineCommand({ name: 'numbers', definition: pass(2), roleArn: 'r' })),
        )
      ).name,
    ).toBe('StateMachineAlreadyExists');

    const unsubstituted = readFileSync(fixture('saga-booking.asl.json'), 'utf8');
    expect(
      (
        await rejection(
          slow.client.send(new CreateStateMachineCommand({ name: 'raw', definition: unsubstituted, roleArn: 'r' })),
        )
      ).name,
    ).toBe('InvalidDefinition');
    const dynamo = JSON.stringify({
      StartAt: 'Put',
      States: {
        Put: {
          Type: 'Task',
          Resource: 'arn:aws:states:::dynamodb:putItem',
          Parameters: { TableName: 't', Item: {} },
          End: true,
        },
      },
    });
    expect(() => slow.sfn.createStateMachine('dynamo', dynamo)).toThrow(/supports only Lambda tasks/);

    const replaced = slow.sfn.createStateMachine('numbers', pass(2));
    expect((await finished(slow, await start(slow, replaced, {}))).result).toEqual({ n: 2 });
  });
});

describe('local Step Functions: execution timeout', { timeout: 30_000 }, () => {
  it("times the whole execution out after the definition's TimeoutSeconds (scaled), and logs it", async () => {
    const definition = JSON.stringify({
      StartAt: 'Nap',
      TimeoutSeconds: 60,
      States: { Nap: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    const executionArn = await start(fast, fast.sfn.createStateMachine('napper', definition), {}, 'nap-1');
    const execution = await finished(fast, executionArn);
    expect(execution.status).toBe('TIMED_OUT');
    expect(fast.logs).toContainEqual(expect.stringContaining('napper/nap-1 TIMED_OUT'));
  });
});

describe('local Step Functions: injected faults', { timeout: 30_000 }, () => {
  afterEach(() => fast.sfn.clearFaults());
  const attempts = (bookingId: string) => holds.filter((hold) => hold.bookingId === bookingId).length;

  it('fails the next invocations with Lambda.ServiceException before the handler runs: a Retry recovers after one', async () => {
    const faulty = fast.sfn.createStateMachine('faulty', asl('saga-fault.asl.json'));
    fast.sfn.injectFault(functionArn('HoldSlot'), { times: 1 });
    const execution = await finished(fast, await start(fast, faulty, booking('fault-1', 'ok')));
    expect(execution.status).toBe('SUCCEEDED');
    expect(execution.result).toMatchObject({ hold: { holdId: 'hold-fault-1' } });
    // The faulted invocation never reached the handler.
    expect(attempts('fault-1')).toBe(1);
  });

  it('a Catch takes over once the retries are spent; the faults are used up, so the next execution runs', async () => {
    const faulty = fast.sfn.createStateMachine('faulty', asl('saga-fault.asl.json'));
    fast.sfn.injectFault('HoldSlot', { times: 3, message: 'Rate exceeded' });
    const execution = await finished(fast, await start(fast, faulty, booking('fault-2', 'ok')));
    expect(execution.result).toEqual({ status: 'GAVE_UP', error: 'Lambda.ServiceException', cause: 'Rate exceeded' });
    expect(attempts('fault-2')).toBe(0);
    expect((await finished(fast, await start(fast, faulty, booking('fault-3', 'ok')))).result).toMatchObject({
      hold: { holdId: 'hold-fault-3' },
    });
  });

  it("applies to any saga and to callback steps; a handler-style error gets the Lambda runtime's cause; clearFaults() drops the rest", async () => {
    fast.sfn.injectFault(functionArn('StartPayment'), { times: 1 });
    fast.sfn.injectFault('HoldSlot', { times: 2, error: 'SlotFull', message: 'slot taken (injected)' });
    const rejected = await finished(fast, await start(fast, fast.booking, booking('fault-4', 'ok', true)));
    expect(rejected.result).toMatchObject({
      status: 'REJECTED',
      error: 'SlotFull',
      cause: JSON.stringify({ errorMessage: 'slot taken (injected)', errorType: 'SlotFull' }),
    });
    fast.sfn.injectFault('HoldSlot', { times: 5 });
    fast.sfn.clearFaults();
    fast.sfn.injectFault(functionArn('StartPayment'), { times: 1 });
    const cancelled = await finished(fast, await start(fast, fast.booking, booking('fault-5', 'ok', true)));
    expect(cancelled.result).toMatchObject({
      status: 'CANCELLED',
      outcome: 'PAYMENT_FAILED',
      error: 'Lambda.ServiceException',
    });
    expect(payments.has('fault-5')).toBe(false);
    expect(released).toContain('hold-fault-5');
    expect(() => fast.sfn.injectFault('HoldSlot', { times: 0 })).toThrow(/positive integer/);
  });
});

describe('local Step Functions: stop()', { timeout: 30_000 }, () => {
  it('aborts running executions and leaves no timers or server behind', async () => {
    const activeTimers = () => process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
    const before = activeTimers();
    const own = await service(1);
    const waiting = await start(own, own.booking, booking('end-1', 'ok', true));
    const hanging = await start(own, own.booking, booking('end-2', 'hang'));
    const sleeping = await start(own, own.wait, {
      remindAt: new Date(Date.now() + 3_600_000).toISOString(),
      booking: {},
    });
    await until('the payment task', () => payments.get('end-1'));
    await until('the hanging hold', () => holds.find((hold) => hold.bookingId === 'end-2'));
    own.client.destroy();
    // The callback's timeout and the library's, the hung task's timeout, the hour's Wait.
    expect(activeTimers()).toBeGreaterThanOrEqual(before + 3);

    await own.sfn.stop();
    expect([waiting, hanging, sleeping].map((arn) => own.sfn.describeExecution(arn)?.status)).toEqual([
      'ABORTED',
      'ABORTED',
      'ABORTED',
    ]);
    expect(activeTimers()).toBeLessThanOrEqual(before);
    await expect(fetch(own.sfn.endpoint, { method: 'POST' })).rejects.toThrow();
  });
});
