import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { SCHEDULE_NAME_PATTERN } from '#shared/scheduling/port.ts';
import { readBody } from './http-util.ts';

/**
 * Stand-in for EventBridge Scheduler, as far as one-time schedules that put an event on an event
 * bus go: the REST-JSON API the SDK speaks (CreateSchedule `POST /schedules/{Name}`, UpdateSchedule
 * `PUT`, DeleteSchedule `DELETE …?groupName=`, GetSchedule `GET …?groupName=`), its errors
 * (ConflictException 409, ResourceNotFoundException 404, ValidationException 400, named in
 * `x-amzn-ErrorType`), schedules kept in a JSON file so they survive a restart, and a timer that, at
 * each schedule's time, calls PutEvents on the local bus with the target's DetailType, Source and
 * Input (the Input becomes the event's detail, as in AWS), then deletes the schedule
 * (ActionAfterCompletion DELETE) or keeps it as completed (NONE). A failed PutEvents is retried with
 * back-off within the target's RetryPolicy, then dropped (logged).
 *
 * Not emulated: rate()/cron() expressions (recurring work is the manifests' `schedules`), time zones
 * other than UTC, flexible windows (a FLEXIBLE schedule runs at the start of its window), targets
 * other than an event bus, dead-letter queues, KMS keys, ListSchedules and the schedule-group API
 * (groups are given at start), IAM (the role is not assumed or checked), request signatures.
 */

export interface LocalScheduleTarget {
  Arn: string;
  RoleArn: string;
  Input?: string;
  EventBridgeParameters?: { DetailType?: string; Source?: string };
  RetryPolicy?: { MaximumRetryAttempts?: number; MaximumEventAgeInSeconds?: number };
  DeadLetterConfig?: { Arn?: string };
  [other: string]: unknown;
}

/** A schedule as kept (and persisted): the API's own fields plus the stand-in's bookkeeping. */
export interface LocalSchedule {
  Name: string;
  GroupName: string;
  Arn: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone: string;
  State: 'ENABLED' | 'DISABLED';
  ActionAfterCompletion: 'NONE' | 'DELETE';
  FlexibleTimeWindow: { Mode: 'OFF' | 'FLEXIBLE'; MaximumWindowInMinutes?: number };
  Description?: string;
  Target: LocalScheduleTarget;
  /** ISO instants. */
  CreationDate: string;
  LastModificationDate: string;
  /** When it runs (the at() expression, UTC), ISO. */
  dueAt: string;
  /** Bumped by every update: a run that raced an update does not delete the newer version. */
  revision: number;
  /** Failed PutEvents attempts, and when the next one is due. */
  attempts: number;
  retryAt?: string;
  /** Ran (kept only with ActionAfterCompletion NONE). */
  completedAt?: string;
}

export interface LocalScheduler {
  endpoint: string;
  /** Every schedule kept, in due order. */
  list(): LocalSchedule[];
  /** Runs every enabled schedule due by `now` (default: the clock): tests move time forward without waiting. Resolves to how many were delivered. */
  fireDue(now?: Date): Promise<number>;
  stop(): Promise<void>;
}

export interface SchedulerOptions {
  port: number;
  /** Where schedules persist (JSON); without it they live in memory only. */
  dataFile?: string;
  region: string;
  accountId: string;
  /** Schedule groups that exist besides `default` (the platform's, e.g. petpro-local-reminders). */
  groups?: readonly string[];
  /** The local EventBridge endpoint targets are put on (PutEvents). */
  eventsEndpoint: string;
  /** false: no timer, schedules run only through fireDue (tests). Default true. */
  autoFire?: boolean;
  log?: (line: string) => void;
}

/** Scheduler's defaults when a target has no RetryPolicy. */
const DEFAULT_RETRY = { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 };
/** setTimeout's largest delay; a later schedule re-arms when this one wakes. */
const MAX_TIMER_MS = 2 ** 31 - 1;
const AT_EXPRESSION = /^at\((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\)$/;
const EVENT_BUS_ARN = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/([.\-_A-Za-z0-9]+)$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/.+$/;

class SchedulerError extends Error {
  readonly status: number;
  readonly type: string;
  constructor(status: number, type: string, message: string) {
    super(message);
    this.status = status;
    this.type = type;
  }
}
const validation = (message: string) => new SchedulerError(400, 'ValidationException', message);

/** The instant an `at(yyyy-mm-ddThh:mm:ss)` expression names, in UTC. */
export function parseAtExpression(expression: string): Date {
  const match = AT_EXPRESSION.exec(expression);
  if (!match) {
    if (/^(rate|cron)\(/.test(expression))
      throw validation(`the local scheduler runs one-time schedules only (at(...)); got ${expression}`);
    throw validation(`Invalid Schedule Expression ${expression}.`);
  }
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw validation(`Invalid Schedule Expression ${expression}.`);
  }
  return date;
}

const busNameOf = (arn: string): string | undefined => EVENT_BUS_ARN.exec(arn)?.[1];

function sendResponse(response: ServerResponse, status: number, body: unknown, errorType?: string): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  response.end(text);
}

export async function startScheduler(options: SchedulerOptions): Promise<LocalScheduler> {
  const log = options.log ?? (() => undefined);
  const groups = new Set(['default', ...(options.groups ?? [])]);
  const schedules = new Map<string, LocalSchedule>();
  const key = (group: string, name: string) => `${group}/${name}`;

  if (options.dataFile && existsSync(options.dataFile)) {
    const stored = JSON.parse(readFileSync(options.dataFile, 'utf8')) as { schedules?: LocalSchedule[] };
    for (const schedule of stored.schedules ?? []) schedules.set(key(schedule.GroupName, schedule.Name), schedule);
  }
  const persist = () => {
    if (!options.dataFile) return;
    mkdirSync(dirname(options.dataFile), { recursive: true });
    const temporary = `${options.dataFile}.tmp`;
    writeFileSync(temporary, JSON.stringify({ schedules: [...schedules.values()] }, null, 2));
    renameSync(temporary, options.dataFile);
  };

  const events = new EventBridgeClient({
    endpoint: options.eventsEndpoint,
    region: options.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const arnOf = (group: string, name: string) =>
    `arn:aws:scheduler:${options.region}:${options.accountId}:schedule/${group}/${name}`;
  const nextRunAt = (schedule: LocalSchedule) => Date.parse(schedule.retryAt ?? schedule.dueAt);
  const runnable = (schedule: LocalSchedule) => schedule.State === 'ENABLED' && !schedule.completedAt;

  /** The request body of CreateSchedule/UpdateSchedule → the schedule it describes (throws ValidationException). */
  function parseSchedule(
    name: string,
    body: Record<string, unknown>,
    existing: LocalSchedule | undefined,
  ): LocalSchedule {
    if (!SCHEDULE_NAME_PATTERN.test(name)) throw validation(`Name must match ${SCHEDULE_NAME_PATTERN.source}: ${name}`);
    const group = typeof body.GroupName === 'string' ? body.GroupName : 'default';
    const expression = body.ScheduleExpression;
    if (typeof expression !== 'string') throw validation('ScheduleExpression is required.');
    const dueAt = parseAtExpression(expression);
    const timezone = body.ScheduleExpressionTimezone ?? 'UTC';
    if (timezone !== 'UTC' && timezone !== 'Etc/UTC')
      throw validation(
        `the local scheduler evaluates at() in UTC only; got ScheduleExpressionTimezone ${String(timezone)}`,
      );
    const window = body.FlexibleTimeWindow as LocalSchedule['FlexibleTimeWindow'] | undefined;
    if (!window || (window.Mode !== 'OFF' && window.Mode !== 'FLEXIBLE'))
      throw validation('FlexibleTimeWindow.Mode must be OFF or FLEXIBLE.');
    if (
      window.Mode === 'FLEXIBLE' &&
      !(Number(window.MaximumWindowInMinutes) >= 1 && Number(window.MaximumWindowInMinutes) <= 1440)
    ) {
      throw validation('FlexibleTimeWindow.MaximumWindowInMinutes must be 1-1440 when Mode is FLEXIBLE.');
    }
    const state = body.State ?? 'ENABLED';
    if (state !== 'ENABLED' && state !== 'DISABLED')
      throw validation(`State must be ENABLED or DISABLED: ${String(state)}`);
    const after = body.ActionAfterCompletion ?? 'NONE';
    if (after !== 'NONE' && after !== 'DELETE')
      throw validation(`ActionAfterCompletion must be NONE or DELETE: ${String(after)}`);
    const target = body.Target as LocalScheduleTarget | undefined;
    if (!target || typeof target.Arn !== 'string' || typeof target.RoleArn !== 'string')
      throw validation('Target.Arn and Target.RoleArn are required.');
    if (!ROLE_ARN.test(target.RoleArn)) throw validation(`Target.RoleArn is not an IAM role ARN: ${target.RoleArn}`);
    if (!busNameOf(target.Arn))
      throw validation(
        `the local scheduler only puts events on an event bus; Target.Arn is not an event bus ARN: ${target.Arn}`,
      );
    const parameters = target.EventBridgeParameters;
    if (!parameters?.DetailType || !parameters.Source)
      throw validation('Target.EventBridgeParameters.DetailType and Source are required for an event bus target.');
    if (target.Input !== undefined) {
      let detail: unknown;
      try {
        detail = JSON.parse(target.Input);
      } catch {
        throw validation('Target.Input must be JSON for an event bus target (it becomes the event detail).');
      }
      if (!detail || typeof detail !== 'object' || Array.isArray(detail))
        throw validation('Target.Input must be a JSON object for an event bus target.');
    }
    const retry = target.RetryPolicy;
    if (
      retry?.MaximumRetryAttempts !== undefined &&
      !(retry.MaximumRetryAttempts >= 0 && retry.MaximumRetryAttempts <= 185)
    )
      throw validation('RetryPolicy.MaximumRetryAttempts must be 0-185.');
    if (
      retry?.MaximumEventAgeInSeconds !== undefined &&
      !(retry.MaximumEventAgeInSeconds >= 60 && retry.MaximumEventAgeInSeconds <= 86_400)
    )
      throw validation('RetryPolicy.MaximumEventAgeInSeconds must be 60-86400.');
    const now = new Date().toISOString();
    return {
      Name: name,
      GroupName: group,
      Arn: arnOf(group, name),
      ScheduleExpression: expression,
      ScheduleExpressionTimezone: String(timezone),
      State: state,
      ActionAfterCompletion: after,
      FlexibleTimeWindow: window,
      ...(typeof body.Description === 'string' ? { Description: body.Description } : {}),
      Target: target,
      CreationDate: existing?.CreationDate ?? now,
      LastModificationDate: now,
      dueAt: dueAt.toISOString(),
      revision: (existing?.revision ?? 0) + 1,
      attempts: 0,
    };
  }

  function requireGroup(group: string): void {
    if (!groups.has(group))
      throw new SchedulerError(404, 'ResourceNotFoundException', `Schedule group ${group} does not exist.`);
  }

  function found(group: string, name: string): LocalSchedule {
    requireGroup(group);
    const schedule = schedules.get(key(group, name));
    if (!schedule) throw new SchedulerError(404, 'ResourceNotFoundException', `Schedule ${name} does not exist.`);
    return schedule;
  }

  async function handle(request: IncomingMessage): Promise<[number, unknown]> {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/schedules\/([^/]+)$/.exec(url.pathname);
    if (!match) throw validation(`not supported by the local scheduler: ${request.method} ${url.pathname}`);
    const name = decodeURIComponent(match[1]!);
    switch (request.method) {
      case 'POST':
      case 'PUT': {
        const text = (await readBody(request)).toString('utf8');
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(text || '{}') as Record<string, unknown>;
        } catch {
          throw validation('the request body is not JSON');
        }
        const group = typeof body.GroupName === 'string' ? body.GroupName : 'default';
        requireGroup(group);
        const existing = schedules.get(key(group, name));
        if (request.method === 'POST' && existing)
          throw new SchedulerError(409, 'ConflictException', `Schedule ${name} already exists.`);
        if (request.method === 'PUT' && !existing)
          throw new SchedulerError(404, 'ResourceNotFoundException', `Schedule ${name} does not exist.`);
        const schedule = parseSchedule(name, body, existing);
        schedules.set(key(group, name), schedule);
        persist();
        arm();
        return [200, { ScheduleArn: schedule.Arn }];
      }
      case 'DELETE': {
        const group = url.searchParams.get('groupName') ?? 'default';
        found(group, name);
        schedules.delete(key(group, name));
        persist();
        arm();
        return [200, {}];
      }
      case 'GET': {
        const schedule = found(url.searchParams.get('groupName') ?? 'default', name);
        const seconds = (iso: string) => Date.parse(iso) / 1000;
        return [
          200,
          {
            Arn: schedule.Arn,
            GroupName: schedule.GroupName,
            Name: schedule.Name,
            ScheduleExpression: schedule.ScheduleExpression,
            ScheduleExpressionTimezone: schedule.ScheduleExpressionTimezone,
            State: schedule.State,
            ActionAfterCompletion: schedule.ActionAfterCompletion,
            FlexibleTimeWindow: schedule.FlexibleTimeWindow,
            ...(schedule.Description ? { Description: schedule.Description } : {}),
            Target: schedule.Target,
            CreationDate: seconds(schedule.CreationDate),
            LastModificationDate: seconds(schedule.LastModificationDate),
          },
        ];
      }
      default:
        throw validation(`not supported by the local scheduler: ${request.method} ${url.pathname}`);
    }
  }

  /** PutEvents for one schedule; true when the bus took the event. */
  async function deliver(schedule: LocalSchedule): Promise<boolean> {
    const parameters = schedule.Target.EventBridgeParameters ?? {};
    try {
      const result = await events.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: busNameOf(schedule.Target.Arn),
              Source: parameters.Source,
              DetailType: parameters.DetailType,
              Detail: schedule.Target.Input ?? '{}',
            },
          ],
        }),
      );
      const failed = result.Entries?.[0]?.ErrorCode;
      if (!failed && !result.FailedEntryCount) return true;
      log(
        `[scheduler] ${schedule.GroupName}/${schedule.Name}: PutEvents refused the event: ${failed} ${result.Entries?.[0]?.ErrorMessage ?? ''}`,
      );
    } catch (error) {
      log(`[scheduler] ${schedule.GroupName}/${schedule.Name}: PutEvents failed: ${String(error)}`);
    }
    return false;
  }

  /** After a run (delivered or given up): DELETE removes it, NONE keeps it as completed — unless it changed meanwhile. */
  function complete(ran: LocalSchedule, now: Date): void {
    const current = schedules.get(key(ran.GroupName, ran.Name));
    if (!current || current.revision !== ran.revision) return;
    if (current.ActionAfterCompletion === 'DELETE') schedules.delete(key(ran.GroupName, ran.Name));
    else Object.assign(current, { completedAt: now.toISOString(), retryAt: undefined });
  }

  let running: Promise<number> = Promise.resolve(0);
  let stopped = false;

  async function runDue(now: Date): Promise<number> {
    const due = [...schedules.values()]
      .filter((schedule) => runnable(schedule) && nextRunAt(schedule) <= now.getTime())
      .sort((a, b) => nextRunAt(a) - nextRunAt(b));
    let delivered = 0;
    for (const schedule of due) {
      const snapshot = { ...schedule };
      if (await deliver(snapshot)) {
        delivered += 1;
        complete(snapshot, now);
      } else {
        const current = schedules.get(key(snapshot.GroupName, snapshot.Name));
        if (!current || current.revision !== snapshot.revision) continue;
        const policy = { ...DEFAULT_RETRY, ...current.Target.RetryPolicy };
        current.attempts += 1;
        const age = now.getTime() - Date.parse(current.dueAt);
        if (current.attempts > policy.MaximumRetryAttempts || age >= policy.MaximumEventAgeInSeconds * 1000) {
          log(
            `[scheduler] ${current.GroupName}/${current.Name}: dropped after ${current.attempts} attempt(s) (no dead-letter queue locally)`,
          );
          complete(current, now);
        } else {
          current.retryAt = new Date(
            now.getTime() + Math.min(60_000, 1_000 * 2 ** (current.attempts - 1)),
          ).toISOString();
        }
      }
    }
    if (due.length > 0) persist();
    return delivered;
  }

  let timer: NodeJS.Timeout | undefined;
  /** One timer, for the next schedule due. */
  function arm(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (stopped || options.autoFire === false) return;
    const next = Math.min(...[...schedules.values()].filter(runnable).map(nextRunAt));
    if (!Number.isFinite(next)) return;
    timer = setTimeout(
      () => {
        timer = undefined;
        void fireDue().catch((error: unknown) => log(`[scheduler] ${String(error)}`));
      },
      Math.min(MAX_TIMER_MS, Math.max(0, next - Date.now())),
    );
    timer.unref();
  }

  function fireDue(now?: Date): Promise<number> {
    // One run at a time: a schedule is never delivered twice by overlapping runs.
    const result = running.then(() => runDue(now ?? new Date()));
    running = result.catch(() => 0);
    return result.finally(arm);
  }

  const server: Server = createServer((request, response) => {
    handle(request).then(
      ([status, body]) => sendResponse(response, status, body),
      (error: unknown) => {
        if (error instanceof SchedulerError)
          return sendResponse(response, error.status, { Message: error.message }, error.type);
        log(`[scheduler] ${String(error)}`);
        sendResponse(response, 500, { Message: String(error) }, 'InternalServerException');
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  arm();

  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    list: () =>
      [...schedules.values()].map((schedule) => structuredClone(schedule)).sort((a, b) => nextRunAt(a) - nextRunAt(b)),
    fireDue,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      await new Promise<void>((resolve) => server.close(() => resolve()));
      events.destroy();
    },
  };
}
