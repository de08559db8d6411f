/**
 * One way of measuring for the benches: percentiles and the script entry (bench/search.ts too),
 * and for the in-process handler benches (bench/booking.ts, bench/checkout.ts) a timer on the
 * shared DynamoDB client, DynamoDB Local for the run, API Gateway v2 events, throughput and
 * sequential runs through a handler, and the figures of their reports.
 *
 * DynamoDB call time comes from middlewares on the shared client's stack (`dynamoClient()`), which
 * the DocumentClient of the stores (`dynamo()`) and the idempotency record (shared/table/idempotency.ts) both use.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { dynamo, dynamoClient } from '#shared/table/client.ts';
import type { HttpEvent, HttpResult } from '#shared/http/route.ts';
import type { RouteSpec } from '#shared/manifest/types.ts';
import { lambdaContext } from '../local/lambda.ts';
import { startLocalDynamo, type LocalDynamo } from '../local/testing.ts';

// ---------------------------------------------------------------- statistics

/** Nearest-rank percentile of ascending samples (NaN when there are none). */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Nearest-rank median: always one of the samples (unlike init-time.ts's, which averages the middle two). */
export const median = (values: readonly number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

export interface Percentiles {
  p50: number;
  p95: number;
}

export function percentiles(samples: readonly number[]): Percentiles {
  const sorted = [...samples].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** How often each name occurs, in the order of first occurrence. */
export function tally(names: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

/** The most frequent value and its count; ties go to the one seen first. */
export function mostCommon(values: readonly string[]): [value: string, count: number] {
  return [...tally(values)].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
}

/** `GetItem ×2, PutItem ×0.50`: the counts divided by `per` (e.g. per request), 2 decimals when not whole. */
export function describeCounts(counts: ReadonlyMap<string, number>, per = 1): string {
  return [...counts]
    .map(([name, count]) => `${name} ×${Number.isInteger(count / per) ? count / per : (count / per).toFixed(2)}`)
    .join(', ');
}

// ---------------------------------------------------------------- running

/** `work` over `items`, at most `limit` at a time, started in order. */
export async function inParallel<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

/** This process's CPU time (user + system) in ms since `since` (a `process.cpuUsage()` reading). */
function cpuMsSince(since: NodeJS.CpuUsage): number {
  const { user, system } = process.cpuUsage(since);
  return (user + system) / 1000;
}

export interface BenchResult {
  ok: boolean;
  lines: string[];
}

/**
 * Runs the bench when `moduleUrl` is the script node was started with (`node bench/<name>.ts`), not
 * when bench/run.ts imports it: prints its lines, exit code 0 within budget, 1 missed, 2 crashed.
 */
export function runIfMain(moduleUrl: string, bench: () => Promise<BenchResult>): void {
  if (process.argv[1] === undefined || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  bench().then(
    ({ ok, lines }) => {
      for (const text of lines) console.log(text);
      process.exitCode = ok ? 0 : 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
}

// ---------------------------------------------------------------- DynamoDB Local and the timing of its calls

export interface DynamoCall {
  /** The command without `Command` (`GetItem`), or more where the bench names calls itself. */
  name: string;
  start: number;
  end: number;
  /** Of which waiting on DynamoDB Local: request sent → response headers (the SDK's own work is the rest). */
  wire: number;
  /** The stretches on the wire (one per attempt). */
  wireIntervals: { start: number; end: number }[];
  /** Items the call returned: a Query's or Scan's Count, 1 for a GetItem that found one, a BatchGet's responses. */
  items: number;
}

/** Items in a DynamoDB response (marshalled or not). */
function itemsIn(output: unknown): number {
  if (!output || typeof output !== 'object') return 0;
  const { Count, Item, Responses } = output as { Count?: number; Item?: unknown; Responses?: unknown };
  if (typeof Count === 'number') return Count;
  if (Item) return 1;
  if (Responses && typeof Responses === 'object' && !Array.isArray(Responses))
    return Object.values(Responses).reduce((sum: number, list) => sum + (Array.isArray(list) ? list.length : 0), 0);
  return 0;
}

/** Names a call from its command (`GetItem`) and its input (as it reaches the outermost middleware). */
export type CallNamer = (command: string, input: unknown) => string;

const CALL_TIMER = 'benchDynamoCallTimer';
const WIRE_TIMER = 'benchDynamoWireTimer';

/** Where finished calls go; undefined: not recorded. */
let sink: DynamoCall[] | undefined;

/**
 * Times every call made through the shared client (and so the DocumentClient and Powertools
 * idempotency on it): outermost (initialize, high) from the call's start to its end, and innermost
 * (deserialize, low: around the HTTP handler, inside the retries) the time on the wire.
 */
export function installCallTimer(nameCall: CallNamer = (command) => command): void {
  const stack = dynamoClient().middlewareStack;
  removeCallTimer();
  const wire = new WeakMap<object, { start: number; end: number }[]>();
  stack.add(
    (next, context) => async (args) => {
      const start = performance.now();
      const name = nameCall(
        String(context.commandName ?? '?').replace(/Command$/, ''),
        (args as { input?: unknown }).input,
      );
      let items = 0;
      try {
        const result = await next(args);
        items = itemsIn(result.output);
        return result;
      } finally {
        const intervals = wire.get(context) ?? [];
        sink?.push({
          name,
          start,
          end: performance.now(),
          wire: intervals.reduce((sum, interval) => sum + interval.end - interval.start, 0),
          wireIntervals: intervals,
          items,
        });
      }
    },
    { step: 'initialize', priority: 'high', name: CALL_TIMER },
  );
  stack.add(
    (next, context) => async (args) => {
      const start = performance.now();
      try {
        return await next(args);
      } finally {
        wire.set(context, [...(wire.get(context) ?? []), { start, end: performance.now() }]);
      }
    },
    { step: 'deserialize', priority: 'low', name: WIRE_TIMER },
  );
}

export function removeCallTimer(): void {
  sink = undefined;
  const stack = dynamoClient().middlewareStack;
  stack.remove(CALL_TIMER);
  stack.remove(WIRE_TIMER);
}

/** What makes the timings wrong, if anything: the DocumentClient the stores use must run on the stack the timer is on (lib-dynamodb shares it). */
export function checkStacksShared(): string | undefined {
  if (dynamo().middlewareStack !== dynamoClient().middlewareStack)
    return 'the DocumentClient has its own middleware stack: its calls are not timed';
  const order = dynamoClient().middlewareStack.identify();
  if (!order[0]?.startsWith(CALL_TIMER)) return `the call timer is not the outermost middleware (${order.join(', ')})`;
  if (!order.at(-1)?.startsWith(WIRE_TIMER))
    return `the wire timer is not the innermost middleware (${order.join(', ')})`;
  return undefined;
}

/** From now on, calls that finish go to the returned list (until the next `recordCalls` or `stopRecordingCalls`). */
function recordCalls(): DynamoCall[] {
  sink = [];
  return sink;
}

function stopRecordingCalls(): void {
  sink = undefined;
}

/** The shared client reads its endpoint from the environment when first created: it must find the bench's table. */
async function checkSharedClientReaches(tableName: string): Promise<void> {
  await dynamoClient()
    .send(new DescribeTableCommand({ TableName: tableName }))
    .catch((error: unknown) => {
      throw new Error(
        'the shared DynamoDB client does not reach DynamoDB Local (created before it started? run this bench in its own process)',
        { cause: error },
      );
    });
}

/** A stretch of wall time with at least one call in flight, and the calls it held. */
export interface Stretch {
  start: number;
  end: number;
  names: string[];
}

/** Total length of the union of `intervals` (overlaps counted once). */
export function unionLength(intervals: readonly { start: number; end: number }[]): number {
  let total = 0;
  let reach = -Infinity;
  for (const { start, end } of [...intervals].sort((a, b) => a.start - b.start)) {
    if (end <= reach) continue;
    total += end - Math.max(start, reach);
    reach = end;
  }
  return total;
}

/** The calls' intervals merged: their union, as stretches in order. */
export function callStretches(calls: readonly DynamoCall[]): Stretch[] {
  const merged: Stretch[] = [];
  for (const call of [...calls].sort((a, b) => a.start - b.start)) {
    const last = merged.at(-1);
    if (last && call.start < last.end) {
      last.end = Math.max(last.end, call.end);
      last.names.push(call.name);
    } else {
      merged.push({ start: call.start, end: call.end, names: [call.name] });
    }
  }
  return merged;
}

/** Largest time two calls of one request ran at once (0: the calls never overlap, their sum is wall time). Calls in order of start. */
export function maxOverlap(samples: readonly { calls: readonly DynamoCall[] }[]): number {
  let worst = 0;
  for (const { calls } of samples) {
    let reach = -Infinity;
    for (const call of calls) {
      worst = Math.max(worst, Math.min(reach, call.end) - call.start);
      reach = Math.max(reach, call.end);
    }
  }
  return worst;
}

/**
 * A bench on DynamoDB Local with the bench's table, which the shared client must reach: its
 * problems become FAIL lines after its report, ok when there are none. DynamoDB Local is stopped
 * and the call timer removed after, whatever happens.
 */
export async function onLocalDynamo(
  bench: () => Promise<{ lines: string[]; problems: string[] }>,
): Promise<BenchResult> {
  let local: LocalDynamo | undefined;
  try {
    local = await startLocalDynamo({ tableName: 'petpro-bench' });
    await checkSharedClientReaches(local.tableName);
    const { lines, problems } = await bench();
    return { ok: problems.length === 0, lines: [...lines, ...problems.map((problem) => `  FAIL: ${problem}`)] };
  } finally {
    removeCallTimer();
    await local?.stop();
  }
}

// ---------------------------------------------------------------- requests through a handler

/** How a bench sends its requests to a deployed HTTP handler in-process. */
export interface InProcessRoute<T> {
  /** The event for one request, built just before it is sent (fresh request id, idempotency key and time). */
  event: (request: T) => HttpEvent;
  invoke: (event: HttpEvent) => Promise<HttpResult>;
  /** What the route answers when it did its work; anything else is a refusal. */
  expectedStatus: number;
}

/**
 * `route` as API Gateway v2 passes it with the JWT authorizer's claims of a customer (see
 * local/gateway.ts), with a fresh Idempotency-Key (the benched routes are idempotent).
 */
export function apiGatewayEvent(
  route: Pick<RouteSpec, 'method' | 'path'>,
  customerId: string,
  payload: unknown,
  options: { params?: Record<string, string>; query?: Record<string, string>; groups?: string } = {},
): HttpEvent {
  const routeKey = `${route.method} ${route.path}`;
  const body = payload === undefined ? undefined : JSON.stringify(payload);
  const params = options.params ?? {};
  const path = route.path.replace(/\{(\w+)\}/g, (_, name: string) => params[name] ?? '');
  const query = new URLSearchParams(options.query ?? {});
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: query.toString(),
    headers: {
      ...(body === undefined
        ? {}
        : {
            'content-type': 'application/json',
            'idempotency-key': randomUUID(),
            'content-length': String(Buffer.byteLength(body)),
          }),
      'user-agent': 'bench',
    },
    ...(body === undefined ? {} : { body }),
    ...(query.size ? { queryStringParameters: Object.fromEntries(query) } : {}),
    ...(Object.keys(params).length ? { pathParameters: params } : {}),
    isBase64Encoded: false,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: 'localhost',
      domainPrefix: 'local',
      http: { method: route.method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: new Date().toUTCString(),
      timeEpoch: Date.now(),
      authorizer: {
        jwt: {
          claims: {
            'sub': customerId,
            'username': `${customerId.slice(0, 8)}@bench.petpro.id`,
            'cognito:groups': options.groups ?? '[customer]',
            'token_use': 'access',
          },
          scopes: null,
        },
      },
    },
  };
}

/** A middy handler called as Lambda calls it, with a fresh context per request (its deadline counts from then). */
export function invokeInProcess(handler: unknown, functionName: string): (event: HttpEvent) => Promise<HttpResult> {
  const call = handler as (event: HttpEvent, context: Context) => Promise<HttpResult>;
  return (event) => call(event, lambdaContext(functionName, 30_000));
}

export interface Refusal {
  status: number;
  body: string;
}

function refusal(result: HttpResult, expectedStatus: number): Refusal | undefined {
  return result.statusCode === expectedStatus
    ? undefined
    : { status: result.statusCode ?? 0, body: String(result.body ?? '').slice(0, 200) };
}

/** A problem line for each named run with refusals. */
export function refusalProblems(
  runs: readonly (readonly [run: string, refused: readonly Refusal[]])[],
  expectedStatus: number,
): string[] {
  return runs
    .filter(([, refused]) => refused.length > 0)
    .map(
      ([run, refused]) =>
        `${run}: ${refused.length} not ${expectedStatus} (first: ${refused[0]!.status} ${refused[0]!.body})`,
    );
}

export interface Throughput extends Percentiles {
  requests: number;
  expectedStatus: number;
  perSecond: number;
  refused: Refusal[];
  /** The DynamoDB calls of the whole run by name. */
  calls: Map<string, number>;
  /** This process's CPU time (user + system) per request: the handler's side of the work. */
  cpuMsPerRequest: number;
}

/** `requests` through the handler, `concurrency` at a time; latency per request, requests/s over the whole run. */
export async function measureThroughput<T>(
  requests: readonly T[],
  concurrency: number,
  route: InProcessRoute<T>,
): Promise<Throughput> {
  const latencies: number[] = [];
  const refused: Refusal[] = [];
  const calls = recordCalls();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await inParallel(requests, concurrency, async (request) => {
    const event = route.event(request);
    const at = performance.now();
    const result = await route.invoke(event);
    latencies.push(performance.now() - at);
    const refusedAs = refusal(result, route.expectedStatus);
    if (refusedAs) refused.push(refusedAs);
  });
  const elapsed = performance.now() - started;
  const cpuMs = cpuMsSince(cpu);
  stopRecordingCalls();
  return {
    requests: requests.length,
    expectedStatus: route.expectedStatus,
    perSecond: (requests.length / elapsed) * 1000,
    ...percentiles(latencies),
    refused,
    calls: tally(calls.map((call) => call.name)),
    cpuMsPerRequest: cpuMs / requests.length,
  };
}

/** One request of a sequential run: the handler's time and the DynamoDB calls made while it ran. */
export interface HandlerSample {
  handlerMs: number;
  /** Sum of the calls' durations (wall time only when they never overlap). */
  sumMs: number;
  /** Union of the calls' intervals: wall time with at least one call in flight. */
  unionMs: number;
  /** Union of the calls' wire intervals: wall time actually waiting on DynamoDB (request sent → response headers). */
  wireUnionMs: number;
  /** In order of start. */
  calls: DynamoCall[];
  handlerStart: number;
  handlerEnd: number;
}

export interface SequentialRun {
  samples: HandlerSample[];
  refused: Refusal[];
  /** This process's CPU time per request (the handler's own work and the SDK's side of the calls). */
  cpuMsPerRequest: number;
}

/** `requests` through the handler one after the other, each with the DynamoDB calls it made. */
export async function measureSequential<T>(requests: readonly T[], route: InProcessRoute<T>): Promise<SequentialRun> {
  const samples: HandlerSample[] = [];
  const refused: Refusal[] = [];
  const cpu = process.cpuUsage();
  for (const request of requests) {
    const event = route.event(request);
    const calls = recordCalls();
    const handlerStart = performance.now();
    const result = await route.invoke(event);
    const handlerEnd = performance.now();
    stopRecordingCalls();
    const refusedAs = refusal(result, route.expectedStatus);
    if (refusedAs) refused.push(refusedAs);
    calls.sort((a, b) => a.start - b.start);
    samples.push({
      handlerMs: handlerEnd - handlerStart,
      sumMs: calls.reduce((sum, call) => sum + (call.end - call.start), 0),
      unionMs: callStretches(calls).reduce((sum, stretch) => sum + (stretch.end - stretch.start), 0),
      wireUnionMs: unionLength(calls.flatMap((call) => call.wireIntervals)),
      calls,
      handlerStart,
      handlerEnd,
    });
  }
  return { samples, refused, cpuMsPerRequest: cpuMsSince(cpu) / requests.length };
}

// ---------------------------------------------------------------- report figures

/** A throughput line without its label: `  412 req/s   p50   70.1 ms   p95   98.3 ms   200/200 × 201   Node CPU 3.4 ms/req`. */
export function throughputFigures(run: Throughput, unit: string): string {
  return (
    `${run.perSecond.toFixed(0).padStart(5)} ${unit}   p50 ${run.p50.toFixed(1).padStart(6)} ms   p95 ${run.p95.toFixed(1).padStart(6)} ms   ` +
    `${run.requests - run.refused.length}/${run.requests} × ${run.expectedStatus}   Node CPU ${run.cpuMsPerRequest.toFixed(1)} ms/req`
  );
}

/** `GetItem 0.52 (wire 0.31), …`: median whole-call and on-the-wire ms of each named call over the samples. */
export function perCallMedians(samples: readonly HandlerSample[], names: readonly string[]): string {
  const callMedian = (name: string, of: (call: DynamoCall) => number) =>
    median(samples.flatMap((sample) => sample.calls.filter((call) => call.name === name).map(of)));
  return names
    .map(
      (name) =>
        `${name} ${callMedian(name, (call) => call.end - call.start).toFixed(2)} (wire ${callMedian(name, (call) => call.wire).toFixed(2)})`,
    )
    .join(', ');
}

/** Median per request of the time its calls spent on the wire (union: overlapping calls wait once). */
export const wireMedian = (samples: readonly HandlerSample[]): number =>
  median(samples.map((sample) => sample.wireUnionMs));

/** `handler ÷ wire p50 1.44x (budget ≤ 1.5x) ok`: median handler time over the median time waiting on the wire, against `budget`. */
export function wireRatio(
  samples: readonly HandlerSample[],
  budget: number,
): { ratio: number; ok: boolean; text: string } {
  const handler = median(samples.map((sample) => sample.handlerMs));
  const wire = wireMedian(samples);
  const ratio = handler / wire;
  const ok = ratio <= budget;
  return {
    ratio,
    ok,
    text: `handler ÷ wire: ${handler.toFixed(2)} / ${wire.toFixed(2)} ms → ${ratio.toFixed(2)}x (budget ≤ ${budget}x) ${ok ? 'ok' : 'FAIL'}`,
  };
}

/**
 * Where the handler's own time goes: the median of each gap between the handler's start, the
 * intervals of DynamoDB time `intervalsOf` gives (the same number for every sample, named by
 * `names`) and the handler's end, as `start→GetItem 0.12, …, PutItem→end 0.05`.
 */
export function gapMedians(
  samples: readonly HandlerSample[],
  names: readonly string[],
  intervalsOf: (sample: HandlerSample) => readonly { start: number; end: number }[],
): string[] {
  if (samples.length === 0) return [];
  const edgeNames = ['start', ...names];
  const columns = edgeNames.map((name, i) => ({
    label: `${name}→${edgeNames[i + 1] ?? 'end'}`,
    values: [] as number[],
  }));
  for (const sample of samples) {
    const edges = [
      sample.handlerStart,
      ...intervalsOf(sample).flatMap((interval) => [interval.start, interval.end]),
      sample.handlerEnd,
    ];
    for (let i = 0; i < columns.length; i += 1) columns[i]!.values.push(edges[2 * i + 1]! - edges[2 * i]!);
  }
  return columns.map(({ label, values }) => `${label} ${median(values).toFixed(2)}`);
}
