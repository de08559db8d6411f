import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
  type UpdateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { ENV, requireEnv } from '../config/env.ts';
import { eventCatalog, isEventType, type EventEnvelope } from '../events/catalog.ts';
import { assertScheduleName, type OneTimeSchedules } from './port.ts';

/**
 * The one-time schedule port on EventBridge Scheduler (AWS_ENDPOINT_URL_SCHEDULER points it at the
 * local stand-in). Each schedule is an `at()` expression in UTC whose target is the event bus itself
 * (PutEvents through the scheduler role), deleted by Scheduler once it has run.
 */
export interface EventBridgeSchedulesConfig {
  /** ONE_TIME_SCHEDULE_GROUP */
  groupName: string;
  /** ONE_TIME_SCHEDULE_ROLE_ARN: assumed by Scheduler, may only PutEvents on the bus. */
  roleArn: string;
  /** EVENT_BUS_ARN */
  busArn: string;
}

export function schedulesConfigFromEnv(): EventBridgeSchedulesConfig {
  return {
    groupName: requireEnv(ENV.oneTimeScheduleGroup),
    roleArn: requireEnv(ENV.oneTimeScheduleRoleArn),
    busArn: requireEnv(ENV.eventBusArn),
  };
}

/**
 * Scheduler's retries when PutEvents fails (throttling, a transient error): a few, and never later
 * than an hour after the due time — a reminder that late is noise. Without a dead-letter queue a
 * dropped invocation shows in the group's InvocationDroppedCount metric (alarmed in infra).
 */
export const ONE_TIME_SCHEDULE_RETRY_POLICY = { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 3600 } as const;

/**
 * The earliest `at` sent: a minute from now. What Scheduler does with an `at()` in the past is not
 * documented, so the adapter never sends one: anything earlier is delivered about a minute late
 * instead (see docs/decisions/0013-one-time-schedules.md).
 */
export const MIN_LEAD_MS = 60_000;

/** When the schedule runs: `at`, or a minute from `now` if that is later; whole seconds (Scheduler drops the rest). */
export function effectiveTime(at: Date, now: Date): Date {
  if (Number.isNaN(at.getTime())) throw new Error('one-time schedule: invalid date');
  const earliest = now.getTime() + MIN_LEAD_MS;
  const time = Math.max(at.getTime(), earliest);
  return new Date(Math.ceil(time / 1000) * 1000);
}

/** `at(yyyy-mm-ddThh:mm:ss)`, the date in UTC (the schedule's ScheduleExpressionTimezone). */
export function atExpression(at: Date): string {
  return `at(${at.toISOString().slice(0, 19)})`;
}

/** The bus `source` of an event: its catalog entry's, which the envelope must carry too. */
function sourceOf(event: EventEnvelope): string {
  if (!isEventType(event.type)) throw new Error(`one-time schedule: unknown event type ${String(event.type)}`);
  const entry = eventCatalog[event.type];
  if (event.version !== entry.version)
    throw new Error(`one-time schedule: ${event.type} must be version ${entry.version}, not ${event.version}`);
  if (event.source !== entry.source)
    throw new Error(`one-time schedule: ${event.type} comes from ${entry.source}, not ${event.source}`);
  entry.data().parse(event.data);
  return entry.source;
}

/** The CreateSchedule/UpdateSchedule request (both take the whole schedule). */
export function scheduleRequest(
  name: string,
  at: Date,
  event: EventEnvelope,
  config: EventBridgeSchedulesConfig,
  now: Date = new Date(),
): CreateScheduleCommandInput & UpdateScheduleCommandInput {
  assertScheduleName(name);
  const source = sourceOf(event);
  return {
    Name: name,
    GroupName: config.groupName,
    Description: `${event.type} ${event.id}`.slice(0, 512),
    ScheduleExpression: atExpression(effectiveTime(at, now)),
    ScheduleExpressionTimezone: 'UTC',
    FlexibleTimeWindow: { Mode: 'OFF' },
    ActionAfterCompletion: 'DELETE',
    State: 'ENABLED',
    Target: {
      Arn: config.busArn,
      RoleArn: config.roleArn,
      // As the outbox forwarder publishes (shared/events/outbox-forwarder.ts toBusEntry): detail = the envelope.
      EventBridgeParameters: { DetailType: event.type, Source: source },
      Input: JSON.stringify(event),
      RetryPolicy: { ...ONE_TIME_SCHEDULE_RETRY_POLICY },
    },
  };
}

const errorName = (error: unknown): string | undefined => (error instanceof Error ? error.name : undefined);

export interface EventBridgeSchedulesOptions {
  client?: SchedulerClient;
  /** Defaults to the environment (ONE_TIME_SCHEDULE_GROUP, ONE_TIME_SCHEDULE_ROLE_ARN, EVENT_BUS_ARN), read at first use. */
  config?: EventBridgeSchedulesConfig;
  now?: () => Date;
}

export function eventBridgeSchedules(options: EventBridgeSchedulesOptions = {}): OneTimeSchedules {
  const client = options.client ?? new SchedulerClient({});
  const now = options.now ?? (() => new Date());
  let config = options.config;
  const resolved = () => (config ??= schedulesConfigFromEnv());

  return {
    async scheduleEvent(name, at, event) {
      const request = scheduleRequest(name, at, event, resolved(), now());
      // Create; the name is taken → replace it. Between the two the old one may fire and delete
      // itself (ActionAfterCompletion DELETE), so an update that finds nothing creates again.
      for (let attempt = 0; attempt < 3; attempt += 1) {
        try {
          await client.send(new CreateScheduleCommand(request));
          return;
        } catch (error) {
          if (errorName(error) !== 'ConflictException') throw error;
        }
        try {
          await client.send(new UpdateScheduleCommand(request));
          return;
        } catch (error) {
          if (errorName(error) !== 'ResourceNotFoundException') throw error;
        }
      }
      throw new Error(`one-time schedule ${name}: created and deleted concurrently, gave up replacing it`);
    },

    async cancel(name) {
      assertScheduleName(name);
      try {
        await client.send(new DeleteScheduleCommand({ Name: name, GroupName: resolved().groupName }));
      } catch (error) {
        if (errorName(error) !== 'ResourceNotFoundException') throw error;
      }
    },
  };
}
