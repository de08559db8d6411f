import { createServer, type Server } from 'node:http';
import { randomBytes, randomUUID } from 'node:crypto';
import {
  ExecutionError,
  ExecutionTimeoutError,
  StateMachine,
  type RunOptions,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { invoke } from './lambda.ts';
import { readBody, sendJson } from './http-util.ts';

/**
 * The local Step Functions (Standard workflows): the ASL files CDK deploys, run by
 * aws-local-stepfunctions with our Task handlers, behind the Step Functions JSON API so that
 * @aws-sdk/client-sfn works unchanged. What the library lacks is supplied here (docs/decisions/0011):
 * the `lambda:invoke` result wrapping, `.waitForTaskToken` with `$$.Task.Token`, HeartbeatSeconds,
 * Lambda-style error names and causes, and `timeScale`. Executions live in memory only.
 */

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionView {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  /** JSON text, as DescribeExecution returns it. */
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
}

export interface LocalStepFunctions {
  endpoint: string;
  /** Returns the state machine ARN; the same name again replaces the definition (running executions keep theirs). */
  createStateMachine(name: string, definition: string): string;
  describeExecution(executionArn: string): ExecutionView | undefined;
  /** Resolves when no execution is RUNNING except those waiting for a task token (tests). */
  idle(timeoutMs?: number): Promise<void>;
  /**
   * Tests: the next `times` invocations of that function by any state machine here fail before its
   * handler runs, with `error` (default Lambda.ServiceException, as Step Functions reports a failed
   * invoke) and `message` as the cause; an error not named `Lambda.*` gets the Lambda runtime's
   * `{"errorMessage","errorType"}` cause, as a handler's own error would. Replaces an earlier fault
   * for the same function.
   */
  injectFault(functionNameOrArn: string, fault: Fault): void;
  /** Removes every injected fault. */
  clearFaults(): void;
  /** Aborts running executions, clears timers and closes the server. */
  stop(): Promise<void>;
}

export interface Fault {
  times: number;
  error?: string;
  message?: string;
}

type TaskHandler = NonNullable<NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']>[string];
type Json = Parameters<TaskHandler>[0];

/** Longest setTimeout delay; a longer one fires at once. */
const MAX_TIMER_MS = 2_147_483_647;
/** AWS's Task TimeoutSeconds when none is given (the library would use 60). */
const AWS_DEFAULT_TASK_TIMEOUT_SECONDS = 99_999_999;
/**
 * A callback task's TimeoutSeconds is enforced by the library, whose States.Timeout is the only
 * error States.TaskFailed does not match. Our timer closes the token this much earlier, so a
 * SendTaskSuccess can never be accepted for a task the library is about to time out.
 */
const TOKEN_CLOSE_MARGIN_MS = 5;

const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_INVOKE_TOKEN = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
const LAMBDA_ARN = /^arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:[\w.-]+(:[\w$-]+)?$/;
const TOKEN = /^[\w-]{64}$/;
const EXECUTION_ARN = /^arn:aws:states:[\w-]+:\d{12}:execution:[^:]+:[^:]+$/;
const STATE_MACHINE_ARN = /^arn:aws:states:[\w-]+:\d{12}:stateMachine:[^:]+$/;
/** Step Functions names: 1–80 characters, no whitespace, brackets, wildcards, special or control characters. */
const validName = (name: string) =>
  name.length >= 1 &&
  name.length <= 80 &&
  !/[\s<>{}[\]?*"#%\\^|~`$&,;:/]/.test(name) &&
  [...name].every((c) => c.charCodeAt(0) > 0x1f && (c.charCodeAt(0) < 0x7f || c.charCodeAt(0) > 0x9f));

/** An API error; `code` becomes the response's `__type`, which the SDK turns into `error.name`. */
class SfnError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

type TaskPlan =
  | { kind: 'invoke'; callback: false }
  | { kind: 'invoke'; callback: true; timeoutMs: number; heartbeatMs?: number }
  | { kind: 'direct'; functionArn: string }
  | { kind: 'wait' };

interface Machine {
  name: string;
  arn: string;
  definition: string;
  creationDate: Date;
  runtime: StateMachine;
  tasks: Map<string, TaskPlan>;
}

interface Execution extends ExecutionView {
  machineName: string;
  abort: () => void;
  /** Aborted when the execution ends: whatever of ours is still in flight for it gives up. */
  cancel: AbortController;
  timers: Set<NodeJS.Timeout>;
  /** Tokens of its callback tasks still waiting. */
  tokens: Set<string>;
  /** Lambda invocations running. */
  inFlight: number;
  /** The `$$.Task.Token` issued while a state's Parameters are evaluated, taken by its handler. */
  tokenSlot?: string;
  done: Promise<void>;
}

interface TokenWait {
  execution: Execution;
  resolve: (value: Json) => void;
  reject: (error: Error) => void;
  stopTimers: (() => void)[];
  heartbeat?: () => void;
}

type AslObject = Record<string, unknown>;
interface AslMachine {
  StartAt: string;
  States: Record<string, AslObject>;
  TimeoutSeconds?: number;
}

/** An error the library neither retries nor catches: the execution fails with it. */
function runtimeError(message: string): Error {
  return Object.assign(new Error(message), { name: 'States.Runtime', isRetryable: false, isCatchable: false });
}

/** A state failure as Step Functions reports it: Retry/Catch match `name`; Catch output's Cause is `message`. */
function stateError(name: string, cause: string): Error {
  const error = new Error(cause);
  error.name = name;
  return error;
}

/** A Lambda function error, named and described as the Lambda runtime reports it. */
function lambdaError(thrown: unknown): Error {
  const errorType = thrown instanceof Error ? thrown.name : 'Error';
  const errorMessage = thrown instanceof Error ? thrown.message : String(thrown);
  return stateError(errorType, JSON.stringify({ errorMessage, errorType }));
}

/** What crosses the Lambda boundary is JSON: Dates become strings, undefined becomes null. */
function toJson(value: unknown): Json {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as Json);
}

/** Definitions that passed validation: asl-validator compiles its JSON schemas on every call (about half a second). */
const validDefinitions = new Set<string>();

const isObject = (value: unknown): value is AslObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const seconds = (date: Date) => date.getTime() / 1000;
const functionName = (ref: string) => (ref.startsWith('arn:') ? (ref.split(':')[6] ?? ref) : ref);
/** A function's name without ARN or qualifier: what faults are keyed by. */
const unqualifiedName = (ref: string) => functionName(ref).split(':')[0] ?? ref;

export interface LocalStepFunctionsOptions {
  port: number;
  /** Default ap-southeast-3. */
  region?: string;
  /** Default 000000000000. */
  accountId?: string;
  /** A task's FunctionName (name or ARN) → the handler module file; undefined fails the state with Lambda.ResourceNotFoundException. */
  resolveFunction: (functionNameOrArn: string) => string | undefined;
  /**
   * Multiplies what the service waits for (default 1): Wait states, Retry intervals, a callback
   * task's TimeoutSeconds/HeartbeatSeconds and the execution's TimeoutSeconds. A synchronous
   * Lambda task's TimeoutSeconds is left alone: it bounds real handler work.
   */
  timeScale?: number;
  /** One line per failed or timed-out execution. */
  log?: (line: string) => void;
}

export async function startStepFunctions(options: LocalStepFunctionsOptions): Promise<LocalStepFunctions> {
  const region = options.region ?? 'ap-southeast-3';
  const accountId = options.accountId ?? '000000000000';
  const timeScale = options.timeScale ?? 1;
  const log = options.log ?? (() => undefined);
  const machines = new Map<string, Machine>();
  const executions = new Map<string, Execution>();
  const waits = new Map<string, TokenWait>();
  const timedOutTokens = new Set<string>();
  const faults = new Map<string, Required<Fault>>();
  let stopped = false;

  const scaledMs = (secondsValue: number) => Math.min(MAX_TIMER_MS, Math.max(0, secondsValue * 1000 * timeScale));

  // ---- definitions -------------------------------------------------------------------------

  /**
   * Validates an ASL document and prepares the copy the library runs: durations scaled, a Task
   * plan per state name, Wait states with a path or timestamp turned into local Tasks (the
   * library's wait overrides are fixed milliseconds per state name), and `ResultPath: "$"` dropped
   * (the library writes it to a key named "$"; leaving it out means the same in ASL).
   */
  function compile(definition: string): { runtime: StateMachine; tasks: Map<string, TaskPlan> } {
    let parsed: unknown;
    try {
      parsed = JSON.parse(definition);
    } catch (error) {
      throw new SfnError('InvalidDefinition', `Invalid State Machine Definition: ${(error as Error).message}`);
    }
    if (!validDefinitions.has(definition)) {
      try {
        // On its own copy: the validator writes QueryLanguage into every state.
        new StateMachine(JSON.parse(definition) as StateMachineDefinition);
      } catch (error) {
        throw new SfnError('InvalidDefinition', (error as Error).message);
      }
      validDefinitions.add(definition);
    }
    if ((parsed as AslObject).QueryLanguage === 'JSONata')
      throw new SfnError(
        'InvalidDefinition',
        'Local Step Functions runs JSONPath state machines only (aws-local-stepfunctions has no JSONata)',
      );
    const tasks = new Map<string, TaskPlan>();
    const rewritten = rewriteMachine(parsed as AslMachine, tasks, true);
    return {
      runtime: new StateMachine(rewritten as unknown as StateMachineDefinition, {
        validationOptions: { noValidate: true },
      }),
      tasks,
    };
  }

  function rewriteMachine(machine: AslMachine, tasks: Map<string, TaskPlan>, root: boolean): AslMachine {
    const states: Record<string, AslObject> = {};
    for (const [name, state] of Object.entries(machine.States)) states[name] = rewriteState(name, state, tasks);
    const copy: AslMachine = { ...machine, States: states };
    if (root && typeof machine.TimeoutSeconds === 'number')
      copy.TimeoutSeconds = Math.max(1, scaledMs(machine.TimeoutSeconds)) / 1000;
    return copy;
  }

  function plan(tasks: Map<string, TaskPlan>, name: string, taskPlan: TaskPlan): void {
    const existing = tasks.get(name);
    // The library's Task overrides are keyed by state name, nested Map/Parallel states included.
    if (existing && JSON.stringify(existing) !== JSON.stringify(taskPlan)) {
      throw new SfnError(
        'InvalidDefinition',
        `Local Step Functions: two Task states named "${name}" do different things; rename one`,
      );
    }
    tasks.set(name, taskPlan);
  }

  function rewriteState(name: string, original: AslObject, tasks: Map<string, TaskPlan>): AslObject {
    if (original.QueryLanguage === 'JSONata')
      throw new SfnError(
        'InvalidDefinition',
        `Local Step Functions runs JSONPath states only; state "${name}" uses JSONata`,
      );
    const state: AslObject = { ...original };
    if (state.ResultPath === '$') delete state.ResultPath;
    if (Array.isArray(state.Catch)) {
      state.Catch = (state.Catch as AslObject[]).map((catcher) => {
        const copy = { ...catcher };
        if (copy.ResultPath === '$') delete copy.ResultPath;
        return copy;
      });
    }
    if (Array.isArray(state.Retry)) {
      state.Retry = (state.Retry as AslObject[]).map((retrier) => ({
        ...retrier,
        IntervalSeconds: scaledMs(typeof retrier.IntervalSeconds === 'number' ? retrier.IntervalSeconds : 1) / 1000,
        ...(typeof retrier.MaxDelaySeconds === 'number'
          ? { MaxDelaySeconds: scaledMs(retrier.MaxDelaySeconds) / 1000 }
          : {}),
      }));
    }
    for (const key of ['ItemProcessor', 'Iterator'] as const) {
      if (isObject(state[key])) state[key] = rewriteMachine(state[key] as unknown as AslMachine, tasks, false);
    }
    if (Array.isArray(state.Branches))
      state.Branches = (state.Branches as AslMachine[]).map((branch) => rewriteMachine(branch, tasks, false));
    if (state.Type === 'Task') return rewriteTask(name, state, tasks);
    if (state.Type === 'Wait') return rewriteWait(name, state, tasks);
    return state;
  }

  function rewriteTask(name: string, state: AslObject, tasks: Map<string, TaskPlan>): AslObject {
    const resource = String(state.Resource);
    for (const key of ['TimeoutSecondsPath', 'HeartbeatSecondsPath']) {
      if (key in state)
        throw new SfnError(
          'InvalidDefinition',
          `Local Step Functions does not support ${key} (state "${name}"); use a fixed value`,
        );
    }
    const timeoutSeconds =
      typeof state.TimeoutSeconds === 'number' ? state.TimeoutSeconds : AWS_DEFAULT_TASK_TIMEOUT_SECONDS;
    // timeScale shortens waiting, not work: a synchronous Lambda task's timeout bounds real handler code.
    const workTimeoutMs = Math.max(1, Math.min(MAX_TIMER_MS, timeoutSeconds * 1000));
    if (resource === LAMBDA_INVOKE || resource === LAMBDA_INVOKE_TOKEN) {
      const parameters = isObject(state.Parameters) ? state.Parameters : {};
      const fn = parameters.FunctionName;
      if (typeof fn !== 'string' && typeof parameters['FunctionName.$'] !== 'string') {
        throw new SfnError('InvalidDefinition', `State "${name}": Parameters.FunctionName is required for ${resource}`);
      }
      if (typeof fn === 'string' && fn.includes('${'))
        throw new SfnError('InvalidDefinition', `State "${name}": FunctionName placeholder ${fn} was not substituted`);
      if (resource === LAMBDA_INVOKE) {
        plan(tasks, name, { kind: 'invoke', callback: false });
        return { ...state, TimeoutSeconds: workTimeoutMs / 1000 };
      }
      const timeoutMs = Math.max(1, scaledMs(timeoutSeconds));
      const heartbeatMs =
        typeof state.HeartbeatSeconds === 'number' ? Math.max(1, scaledMs(state.HeartbeatSeconds)) : undefined;
      plan(tasks, name, { kind: 'invoke', callback: true, timeoutMs, ...(heartbeatMs ? { heartbeatMs } : {}) });
      return { ...state, TimeoutSeconds: Math.min(MAX_TIMER_MS, timeoutMs + TOKEN_CLOSE_MARGIN_MS) / 1000 };
    }
    if (LAMBDA_ARN.test(resource)) {
      plan(tasks, name, { kind: 'direct', functionArn: resource });
      return { ...state, TimeoutSeconds: workTimeoutMs / 1000 };
    }
    if (resource.includes('${'))
      throw new SfnError('InvalidDefinition', `State "${name}": Resource placeholder ${resource} was not substituted`);
    throw new SfnError(
      'InvalidDefinition',
      `Local Step Functions supports only Lambda tasks (lambda:invoke, lambda:invoke.waitForTaskToken, a function ARN); state "${name}" uses ${resource}`,
    );
  }

  function rewriteWait(name: string, state: AslObject, tasks: Map<string, TaskPlan>): AslObject {
    if (typeof state.Seconds === 'number') return { ...state, Seconds: scaledMs(state.Seconds) / 1000 };
    // The Task's Parameters let the library resolve the path; its handler sleeps and passes the input on.
    const parameters: AslObject = { 'input.$': '$' };
    if (typeof state.SecondsPath === 'string') parameters['seconds.$'] = state.SecondsPath;
    else if (typeof state.TimestampPath === 'string') parameters['timestamp.$'] = state.TimestampPath;
    else parameters.timestamp = state.Timestamp;
    const { SecondsPath: _s, TimestampPath: _tp, Timestamp: _t, ...rest } = state;
    plan(tasks, name, { kind: 'wait' });
    return {
      ...rest,
      Type: 'Task',
      Resource: 'arn:aws:states:::local:wait',
      Parameters: parameters,
      TimeoutSeconds: MAX_TIMER_MS / 1000,
    };
  }

  function createMachine(name: string, definition: string): Machine {
    if (!validName(name)) throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
    const { runtime, tasks } = compile(definition);
    const machine: Machine = {
      name,
      arn: `arn:aws:states:${region}:${accountId}:stateMachine:${name}`,
      definition,
      creationDate: new Date(),
      runtime,
      tasks,
    };
    machines.set(machine.arn, machine);
    return machine;
  }

  // ---- executions --------------------------------------------------------------------------

  function later(execution: Execution, ms: number, fn: () => void): () => void {
    const timer = setTimeout(() => {
      execution.timers.delete(timer);
      fn();
    }, ms);
    execution.timers.add(timer);
    return () => {
      clearTimeout(timer);
      execution.timers.delete(timer);
    };
  }

  /** Runs a task's work unless the execution has ended, and gives up on it when the execution ends. */
  function guarded(execution: Execution, work: () => Promise<Json>): Promise<Json> {
    const signal = execution.cancel.signal;
    if (signal.aborted) return Promise.reject(runtimeError('The execution has ended'));
    return new Promise((resolve, reject) => {
      const onEnd = () => reject(runtimeError('The execution has ended'));
      signal.addEventListener('abort', onEnd, { once: true });
      work()
        .then(resolve, reject)
        .finally(() => signal.removeEventListener('abort', onEnd));
    });
  }

  async function callFunction(execution: Execution, ref: unknown, payload: unknown): Promise<Json> {
    if (typeof ref !== 'string' || ref === '') throw runtimeError('FunctionName must be a non-empty string');
    const file = options.resolveFunction(ref);
    if (!file) throw stateError('Lambda.ResourceNotFoundException', `Function not found: ${ref}`);
    const fault = faults.get(unqualifiedName(ref));
    if (fault && fault.times > 0) {
      fault.times -= 1;
      if (fault.error.startsWith('Lambda.')) throw stateError(fault.error, fault.message);
      throw lambdaError(Object.assign(new Error(fault.message), { name: fault.error }));
    }
    execution.inFlight += 1;
    try {
      return toJson(await invoke(file, toJson(payload), functionName(ref)));
    } catch (error) {
      throw lambdaError(error);
    } finally {
      execution.inFlight -= 1;
    }
  }

  function closeWait(token: string, timedOut: boolean): TokenWait | undefined {
    const wait = waits.get(token);
    if (!wait) return undefined;
    waits.delete(token);
    wait.execution.tokens.delete(token);
    for (const stop of wait.stopTimers) stop();
    if (timedOut) timedOutTokens.add(token);
    return wait;
  }

  /** `.waitForTaskToken`: registers the token before invoking, so a callback may arrive while the function still runs. */
  function awaitCallback(
    execution: Execution,
    stateName: string,
    taskPlan: Extract<TaskPlan, { callback: true }>,
    token: string,
    parameters: AslObject,
  ): Promise<Json> {
    return new Promise((resolve, reject) => {
      const wait: TokenWait = { execution, resolve, reject, stopTimers: [] };
      waits.set(token, wait);
      execution.tokens.add(token);
      wait.stopTimers.push(later(execution, taskPlan.timeoutMs, () => closeWait(token, true)));
      if (taskPlan.heartbeatMs !== undefined) {
        const heartbeatMs = taskPlan.heartbeatMs;
        let stopHeartbeat = () => {};
        wait.heartbeat = () => {
          stopHeartbeat();
          stopHeartbeat = later(execution, heartbeatMs, () => {
            if (closeWait(token, true)) reject(stateError('States.HeartbeatTimeout', ''));
          });
        };
        wait.stopTimers.push(() => stopHeartbeat());
        wait.heartbeat();
      }
      callFunction(execution, parameters.FunctionName, parameters.Payload ?? {}).catch((error: Error) => {
        if (closeWait(token, false)) reject(error);
        else
          log(
            `[sfn] ${execution.machineName}/${execution.name} ${stateName}: ${error.name} after its task had finished`,
          );
      });
    });
  }

  function handlers(execution: Execution, tasks: Map<string, TaskPlan>): Record<string, TaskHandler> {
    const entries = [...tasks].map(([stateName, taskPlan]): [string, TaskHandler] => [
      stateName,
      (input: Json) => {
        // Called synchronously right after the library evaluated the state's Parameters.
        const token = execution.tokenSlot;
        execution.tokenSlot = undefined;
        return guarded(execution, async () => {
          switch (taskPlan.kind) {
            case 'direct':
              return callFunction(execution, taskPlan.functionArn, input);
            case 'wait':
              return pause(execution, input);
            case 'invoke': {
              const parameters = isObject(input) ? input : {};
              if (taskPlan.callback)
                return awaitCallback(execution, stateName, taskPlan, token ?? newToken(), parameters);
              const payload = await callFunction(execution, parameters.FunctionName, parameters.Payload ?? {});
              return { ExecutedVersion: '$LATEST', Payload: payload, StatusCode: 200 };
            }
          }
        });
      },
    ]);
    return Object.fromEntries(entries);
  }

  function pause(execution: Execution, input: Json): Promise<Json> {
    const {
      input: passOn,
      seconds: secondsValue,
      timestamp,
    } = (isObject(input) ? input : {}) as { input?: Json; seconds?: unknown; timestamp?: unknown };
    let ms: number;
    if (secondsValue !== undefined) {
      if (typeof secondsValue !== 'number' || !Number.isInteger(secondsValue) || secondsValue < 0)
        throw runtimeError(
          `Wait SecondsPath must point to a non-negative integer, got ${JSON.stringify(secondsValue)}`,
        );
      ms = scaledMs(secondsValue);
    } else {
      const at = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
      if (Number.isNaN(at))
        throw runtimeError(`Wait timestamp must be an ISO 8601 timestamp, got ${JSON.stringify(timestamp)}`);
      ms = Math.min(MAX_TIMER_MS, Math.max(0, (at - Date.now()) * timeScale));
    }
    return new Promise((resolve) => later(execution, ms, () => resolve(passOn ?? null)));
  }

  function newToken(): string {
    return randomBytes(48).toString('base64url');
  }

  function startExecution(machine: Machine, name: string, input: string): Execution {
    const arn = `arn:aws:states:${region}:${accountId}:execution:${machine.name}:${name}`;
    const execution: Execution = {
      executionArn: arn,
      stateMachineArn: machine.arn,
      machineName: machine.name,
      name,
      status: 'RUNNING',
      input,
      startDate: new Date(),
      abort: () => undefined,
      cancel: new AbortController(),
      timers: new Set(),
      tokens: new Set(),
      inFlight: 0,
      done: Promise.resolve(),
    };
    executions.set(arn, execution);
    const task = {
      // Memoized until the current synchronous step ends: Parameters may mention the token more than once.
      get Token(): string {
        if (!execution.tokenSlot) {
          execution.tokenSlot = newToken();
          queueMicrotask(() => (execution.tokenSlot = undefined));
        }
        return execution.tokenSlot;
      },
    };
    const run = machine.runtime.run(JSON.parse(input) as Json, {
      context: {
        Execution: { Id: arn, Name: name },
        StateMachine: { Id: machine.arn, Name: machine.name },
        Task: task,
      },
      overrides: { taskResourceLocalHandlers: handlers(execution, machine.tasks) },
    });
    execution.abort = run.abort;
    execution.done = run.result.then(
      (output) => finish(execution, 'SUCCEEDED', { output: JSON.stringify(output) }),
      (error: unknown) => {
        if (error instanceof ExecutionTimeoutError)
          return finish(execution, 'TIMED_OUT', {
            error: 'States.Timeout',
            cause: 'The execution exceeded its TimeoutSeconds',
          });
        if (error instanceof ExecutionError && error.cause instanceof Error) {
          const { name: errorName, message } = error.cause;
          // The library's defaults for a Fail state without Error/Cause; Step Functions reports none.
          const bare = errorName === 'FailStateError' && message === 'Execution failed because of a Fail state';
          return finish(
            execution,
            'FAILED',
            bare ? {} : { error: errorName || undefined, cause: message || undefined },
          );
        }
        return finish(execution, 'ABORTED', {});
      },
    );
    return execution;
  }

  function finish(
    execution: Execution,
    status: ExecutionStatus,
    fields: Pick<ExecutionView, 'output' | 'error' | 'cause'>,
  ): void {
    if (execution.status === 'RUNNING') {
      Object.assign(execution, { status, stopDate: new Date() }, fields);
      if (status === 'FAILED' || status === 'TIMED_OUT') {
        log(
          `[sfn] ${execution.machineName}/${execution.name} ${status}: ${execution.error ?? '(no error)'}: ${execution.cause ?? ''}`,
        );
      }
    }
    release(execution);
  }

  /** An ended execution's pending tokens go (later callbacks get TaskDoesNotExist), its timers and tasks too. */
  function release(execution: Execution): void {
    for (const token of [...execution.tokens]) closeWait(token, false);
    execution.cancel.abort();
    for (const timer of execution.timers) clearTimeout(timer);
    execution.timers.clear();
  }

  function stopExecution(execution: Execution, error?: string, cause?: string): void {
    if (execution.status !== 'RUNNING') return;
    Object.assign(execution, { status: 'ABORTED', stopDate: new Date(), error, cause });
    execution.abort();
    release(execution);
  }

  function view(execution: Execution): ExecutionView {
    const { executionArn, stateMachineArn, name, status, input, output, error, cause, startDate, stopDate } = execution;
    return { executionArn, stateMachineArn, name, status, input, output, error, cause, startDate, stopDate };
  }

  // ---- HTTP API (AWS JSON 1.0) ---------------------------------------------------------------

  const text = (body: AslObject, key: string, required: boolean): string | undefined => {
    const value = body[key];
    if (value === undefined || value === null) {
      if (required)
        throw new SfnError(
          'ValidationException',
          `1 validation error detected: Value null at '${key}' failed to satisfy constraint: Member must not be null`,
        );
      return undefined;
    }
    if (typeof value !== 'string') throw new SfnError('ValidationException', `'${key}' must be a string`);
    return value;
  };

  const machineFor = (arn: string): Machine => {
    if (!STATE_MACHINE_ARN.test(arn))
      throw new SfnError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);
    const machine = machines.get(arn);
    if (!machine) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  };

  const executionFor = (arn: string): Execution => {
    if (!EXECUTION_ARN.test(arn))
      throw new SfnError('InvalidArn', `Invalid Arn: 'Resource type not valid in this context: ${arn}'`);
    const execution = executions.get(arn);
    if (!execution) throw new SfnError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
    return execution;
  };

  const waitFor = (token: string): TokenWait => {
    if (!TOKEN.test(token)) throw new SfnError('InvalidToken', 'Invalid Token');
    if (timedOutTokens.has(token)) throw new SfnError('TaskTimedOut', 'Task Timed Out');
    const wait = waits.get(token);
    if (!wait) throw new SfnError('TaskDoesNotExist', 'Task Does Not Exist');
    return wait;
  };

  const operations: Record<string, (body: AslObject) => AslObject> = {
    CreateStateMachine(body) {
      const name = text(body, 'name', true) ?? '';
      const definition = text(body, 'definition', true) ?? '';
      if (body.type !== undefined && body.type !== 'STANDARD')
        throw new SfnError('StateMachineTypeNotSupported', 'Local Step Functions runs STANDARD workflows only');
      const existing = machines.get(`arn:aws:states:${region}:${accountId}:stateMachine:${name}`);
      if (existing && existing.definition !== definition)
        throw new SfnError('StateMachineAlreadyExists', `State Machine Already Exists: '${existing.arn}'`);
      const machine = existing ?? createMachine(name, definition);
      return { stateMachineArn: machine.arn, creationDate: seconds(machine.creationDate) };
    },
    StartExecution(body) {
      const machine = machineFor(text(body, 'stateMachineArn', true) ?? '');
      const name = text(body, 'name', false) ?? randomUUID();
      if (!validName(name)) throw new SfnError('InvalidName', `Invalid Name: '${name}'`);
      const input = text(body, 'input', false) ?? '{}';
      try {
        JSON.parse(input);
      } catch {
        throw new SfnError('InvalidExecutionInput', 'Invalid State Machine Execution Input: the input is not JSON');
      }
      const existing = executions.get(`arn:aws:states:${region}:${accountId}:execution:${machine.name}:${name}`);
      if (existing) {
        // Standard workflows: the same name and input while that execution runs is the same request.
        if (existing.status === 'RUNNING' && existing.input === input)
          return { executionArn: existing.executionArn, startDate: seconds(existing.startDate) };
        throw new SfnError('ExecutionAlreadyExists', `Execution Already Exists: '${existing.executionArn}'`);
      }
      const execution = startExecution(machine, name, input);
      return { executionArn: execution.executionArn, startDate: seconds(execution.startDate) };
    },
    DescribeExecution(body) {
      const execution = executionFor(text(body, 'executionArn', true) ?? '');
      const { output, error, cause, stopDate, ...rest } = view(execution);
      return {
        ...rest,
        startDate: seconds(execution.startDate),
        inputDetails: { included: true },
        ...(stopDate ? { stopDate: seconds(stopDate) } : {}),
        ...(output !== undefined ? { output, outputDetails: { included: true } } : {}),
        ...(error !== undefined ? { error } : {}),
        ...(cause !== undefined ? { cause } : {}),
      };
    },
    StopExecution(body) {
      const execution = executionFor(text(body, 'executionArn', true) ?? '');
      stopExecution(execution, text(body, 'error', false), text(body, 'cause', false));
      return { stopDate: seconds(execution.stopDate ?? new Date()) };
    },
    SendTaskSuccess(body) {
      const token = text(body, 'taskToken', true) ?? '';
      const wait = waitFor(token);
      let output: Json;
      try {
        output = JSON.parse(text(body, 'output', true) ?? '') as Json;
      } catch {
        throw new SfnError('InvalidOutput', 'Invalid Output: the output is not JSON');
      }
      closeWait(token, false);
      wait.resolve(output);
      return {};
    },
    SendTaskFailure(body) {
      const token = text(body, 'taskToken', true) ?? '';
      const wait = waitFor(token);
      closeWait(token, false);
      wait.reject(stateError(text(body, 'error', false) ?? '', text(body, 'cause', false) ?? ''));
      return {};
    },
    SendTaskHeartbeat(body) {
      waitFor(text(body, 'taskToken', true) ?? '').heartbeat?.();
      return {};
    },
  };

  const server: Server = createServer(async (request, response) => {
    const reply = (status: number, body: unknown) => sendJson(response, status, body, 'application/x-amz-json-1.0');
    try {
      const target = String(request.headers['x-amz-target'] ?? '');
      const operation = target.startsWith('AWSStepFunctions.')
        ? operations[target.slice('AWSStepFunctions.'.length)]
        : undefined;
      const raw = (await readBody(request)).toString('utf8');
      if (!operation)
        return reply(400, {
          __type: 'UnknownOperationException',
          message: `Local Step Functions does not support ${target || 'this request'}`,
        });
      let body: unknown;
      try {
        body = JSON.parse(raw || '{}');
      } catch {
        return reply(400, { __type: 'SerializationException', message: 'Request body is not JSON' });
      }
      reply(200, operation(isObject(body) ? body : {}));
    } catch (error) {
      if (error instanceof SfnError) return reply(400, { __type: error.code, message: error.message });
      log(`[sfn] ${String(error)}`);
      reply(500, { __type: 'InternalFailure', message: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));

  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    createStateMachine: (name, definition) => createMachine(name, definition).arn,
    injectFault(functionNameOrArn, { times, error = 'Lambda.ServiceException', message }) {
      if (!Number.isInteger(times) || times < 1)
        throw new Error(`injectFault: times must be a positive integer, got ${times}`);
      const name = unqualifiedName(functionNameOrArn);
      faults.set(name, { times, error, message: message ?? `Injected fault: ${name} failed (local Step Functions)` });
    },
    clearFaults: () => faults.clear(),
    describeExecution(executionArn) {
      const execution = executions.get(executionArn);
      return execution && view(execution);
    },
    async idle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const busy = () =>
        [...executions.values()].some((e) => e.status === 'RUNNING' && (e.tokens.size === 0 || e.inFlight > 0));
      while (busy()) {
        if (Date.now() > deadline) throw new Error('step functions executions did not settle');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      const running = [...executions.values()].filter((execution) => execution.status === 'RUNNING');
      for (const execution of running) stopExecution(execution);
      await Promise.all([...executions.values()].map((execution) => execution.done));
      // Let the library's state loops see their tasks give up and clear their own timers.
      await new Promise((resolve) => setImmediate(resolve));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
