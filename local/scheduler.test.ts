import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateScheduleCommand,
  DeleteScheduleCommand,
  GetScheduleCommand,
  SchedulerClient,
  UpdateScheduleCommand,
  type CreateScheduleCommandInput,
} from '@aws-sdk/client-scheduler';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { defineDomain } from '#shared/manifest/types.ts';
import { domainEvent } from '#shared/events/envelope.ts';
import { toBusEntry } from '#shared/events/outbox-forwarder.ts';
import type { EventEnvelope } from '#shared/events/catalog.ts';
import {
  eventBridgeSchedules,
  ONE_TIME_SCHEDULE_RETRY_POLICY,
  type EventBridgeSchedulesConfig,
} from '#shared/scheduling/eventbridge-scheduler.ts';
import type { OneTimeSchedules } from '#shared/scheduling/port.ts';
import { startEventBus, type LocalEventBus } from './event-bus.ts';
import { startScheduler, type LocalScheduler } from './scheduler.ts';
import { freePort } from './ports.ts';
import { loadHandler } from './lambda.ts';
import { received } from './fixtures/bus-recorder.ts';

/**
 * The Scheduler stand-in with the real @aws-sdk/client-scheduler client and the real local event bus:
 * the adapter's requests as stored, delivery at the due time (tests move time with fireDue), replace,
 * cancel, errors the SDK names, persistence across a restart and the timer itself.
 */
const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const manifest = defineDomain({
  domain: 'fixture',
  description: 'records reminders',
  routes: {},
  subscriptions: {
    reminders: {
      description: 'records booking reminders',
      events: ['booking.reminder_due'],
      handler: 'bus-recorder.ts',
      access: {},
    },
  },
});

const REGION = 'ap-southeast-3';
const GROUP = 'petpro-test-reminders';
const config: EventBridgeSchedulesConfig = {
  groupName: GROUP,
  roleArn: 'arn:aws:iam::000000000000:role/petpro-test-scheduler',
  busArn: 'arn:aws:events:ap-southeast-3:000000000000:event-bus/test-bus',
};
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

let dataDir: string;
let bus: LocalEventBus;
let scheduler: LocalScheduler;
let client: SchedulerClient;
let schedules: OneTimeSchedules;

async function startStandIn(autoFire = false): Promise<LocalScheduler> {
  return startScheduler({
    port: await freePort(),
    dataFile: join(dataDir, 'scheduler.json'),
    region: REGION,
    accountId: '000000000000',
    groups: [GROUP],
    eventsEndpoint: bus.endpoint,
    autoFire,
  });
}
function connect(standIn: LocalScheduler): void {
  client?.destroy();
  client = new SchedulerClient({ endpoint: standIn.endpoint, region: REGION, credentials });
  schedules = eventBridgeSchedules({ client, config });
}

beforeAll(async () => {
  await loadHandler(join(fixtures, 'bus-recorder.ts'));
  dataDir = mkdtempSync(join(tmpdir(), 'petpro-scheduler-'));
  bus = await startEventBus({
    port: await freePort(),
    busName: 'test-bus',
    manifests: [{ manifest, dir: fixtures }],
    retryDelayMs: 10,
  });
  scheduler = await startStandIn();
  connect(scheduler);
}, 60_000);

afterAll(async () => {
  client.destroy();
  await scheduler.stop();
  await bus.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => {
  received.length = 0;
});

const HOUR = 3_600_000;
let bookings = 0;
function reminder(
  reminderKind: 'day_before' | 'two_hours' = 'day_before',
  bookingId = `B${(bookings += 1)}`,
): EventEnvelope<'booking.reminder_due'> {
  return domainEvent(
    'booking.reminder_due',
    {
      bookingId,
      vendorId: 'V1',
      serviceId: 'S1',
      customerId: 'C1',
      petId: 'P1',
      start: '2030-01-02T03:00:00.000Z',
      end: '2030-01-02T04:00:00.000Z',
      reminder: reminderKind,
    },
    `corr-${bookingId}`,
  );
}
const inOneDay = () => new Date(Date.now() + 24 * HOUR);
const justAfter = (at: Date) => new Date(at.getTime() + 60_000);
const settle = () => bus.idle(30_000);

describe('local scheduler + EventBridge Scheduler adapter', () => {
  it('stores the schedule the adapter sends: at() in UTC, no window, deleted after completion, the bus as target with the envelope as input', async () => {
    const event = reminder();
    const at = new Date('2031-05-06T07:08:09.750Z');
    await schedules.scheduleEvent('booking.shape.day_before', at, event);
    const [stored] = scheduler.list().filter((s) => s.Name === 'booking.shape.day_before');
    expect(stored).toMatchObject({
      GroupName: GROUP,
      Arn: `arn:aws:scheduler:${REGION}:000000000000:schedule/${GROUP}/booking.shape.day_before`,
      ScheduleExpression: 'at(2031-05-06T07:08:10)',
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      State: 'ENABLED',
      Description: `booking.reminder_due ${event.id}`,
      dueAt: '2031-05-06T07:08:10.000Z',
      Target: {
        Arn: config.busArn,
        RoleArn: config.roleArn,
        EventBridgeParameters: { DetailType: 'booking.reminder_due', Source: 'petpro.booking' },
        RetryPolicy: { ...ONE_TIME_SCHEDULE_RETRY_POLICY },
      },
    });
    expect(JSON.parse(stored!.Target.Input!)).toEqual(event);
    // GetSchedule answers with it, as the SDK parses it.
    const got = await client.send(new GetScheduleCommand({ Name: 'booking.shape.day_before', GroupName: GROUP }));
    expect(got).toMatchObject({
      Name: 'booking.shape.day_before',
      GroupName: GROUP,
      ScheduleExpression: 'at(2031-05-06T07:08:10)',
      ActionAfterCompletion: 'DELETE',
    });
    expect(got.CreationDate).toBeInstanceOf(Date);
    await schedules.cancel('booking.shape.day_before');
  });

  it('puts the envelope on the bus once at its time, exactly as the outbox forwarder would, then deletes the schedule', async () => {
    const event = reminder();
    const at = inOneDay();
    await schedules.scheduleEvent(`booking.${event.data.bookingId}.day_before`, at, event);
    expect(await scheduler.fireDue(new Date(at.getTime() - 60_000))).toBe(0);
    expect(await scheduler.fireDue(justAfter(at))).toBe(1);
    await settle();
    expect(received).toHaveLength(1);
    expect(scheduler.list().some((s) => s.Name === `booking.${event.data.bookingId}.day_before`)).toBe(false);
    expect(await scheduler.fireDue(new Date(at.getTime() + 2 * HOUR))).toBe(0);
    await settle();
    expect(received).toHaveLength(1);

    // The same envelope through the outbox forwarder's PutEvents entry: subscribers see the same event.
    const events = new EventBridgeClient({ endpoint: bus.endpoint, region: REGION, credentials });
    await events.send(new PutEventsCommand({ Entries: [toBusEntry(event, 'test-bus')] }));
    events.destroy();
    await settle();
    const [scheduled, forwarded] = received as { id: string; time: string; detail: unknown }[];
    const { id: _a, time: _b, ...scheduledRest } = scheduled!;
    const { id: _c, time: _d, ...forwardedRest } = forwarded!;
    expect(scheduledRest).toEqual(forwardedRest);
    expect(scheduled!.detail).toEqual(event);
    expect(scheduledRest).toMatchObject({ 'detail-type': 'booking.reminder_due', 'source': 'petpro.booking' });
  });

  it('replaces a schedule of the same name (time and event)', async () => {
    const first = reminder('day_before', 'Bswap');
    const second = reminder('day_before', 'Bswap');
    const early = inOneDay();
    const late = new Date(early.getTime() + 3 * HOUR);
    await schedules.scheduleEvent('booking.Bswap.day_before', early, first);
    await schedules.scheduleEvent('booking.Bswap.day_before', late, second);
    const kept = scheduler.list().filter((s) => s.Name === 'booking.Bswap.day_before');
    expect(kept).toHaveLength(1);
    expect(JSON.parse(kept[0]!.Target.Input!)).toEqual(second);
    expect(await scheduler.fireDue(justAfter(early))).toBe(0);
    expect(await scheduler.fireDue(justAfter(late))).toBe(1);
    await settle();
    expect(received.map((event) => (event.detail as EventEnvelope).id)).toEqual([second.id]);
  });

  it('delivers nothing for a schedule cancelled before its time; cancelling twice or an unknown name is fine', async () => {
    const event = reminder('two_hours');
    await schedules.scheduleEvent('booking.Bcancel.two_hours', inOneDay(), event);
    await schedules.cancel('booking.Bcancel.two_hours');
    await schedules.cancel('booking.Bcancel.two_hours');
    await schedules.cancel('never.made');
    expect(scheduler.list().some((s) => s.Name === 'booking.Bcancel.two_hours')).toBe(false);
    await scheduler.fireDue(new Date(Date.now() + 7 * 24 * HOUR));
    await settle();
    expect(received).toEqual([]);
  });

  it('moves a time in the past to a minute from now (Scheduler is never sent a past at())', async () => {
    const now = new Date('2030-01-01T00:00:00.000Z');
    const pinned = eventBridgeSchedules({ client, config, now: () => now });
    await pinned.scheduleEvent('booking.Blate.two_hours', new Date('2029-12-31T22:00:00.000Z'), reminder('two_hours'));
    expect(scheduler.list().find((s) => s.Name === 'booking.Blate.two_hours')?.ScheduleExpression).toBe(
      'at(2030-01-01T00:01:00)',
    );
    await pinned.cancel('booking.Blate.two_hours');
  });

  it('refuses a bad name before calling Scheduler', async () => {
    await expect(schedules.scheduleEvent('booking/B1', inOneDay(), reminder())).rejects.toThrow(
      /invalid one-time schedule name "booking\/B1"/,
    );
    await expect(schedules.scheduleEvent('x'.repeat(65), inOneDay(), reminder())).rejects.toThrow(/1-64 characters/);
    await expect(schedules.cancel('')).rejects.toThrow(/invalid one-time schedule name/);
  });

  it('answers with the errors the SDK names', async () => {
    const input: CreateScheduleCommandInput = {
      Name: 'raw.one',
      GroupName: GROUP,
      ScheduleExpression: 'at(2031-01-01T00:00:00)',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: config.busArn,
        RoleArn: config.roleArn,
        Input: '{}',
        EventBridgeParameters: { DetailType: 'x', Source: 'petpro.test' },
      },
    };
    const error = (promise: Promise<unknown>) =>
      promise.then(
        () => 'no error',
        (e: Error) => e.name,
      );
    expect((await client.send(new CreateScheduleCommand(input))).ScheduleArn).toContain(`schedule/${GROUP}/raw.one`);
    expect(await error(client.send(new CreateScheduleCommand(input)))).toBe('ConflictException');
    expect(await error(client.send(new UpdateScheduleCommand({ ...input, Name: 'raw.missing' })))).toBe(
      'ResourceNotFoundException',
    );
    expect(await error(client.send(new DeleteScheduleCommand({ Name: 'raw.missing', GroupName: GROUP })))).toBe(
      'ResourceNotFoundException',
    );
    expect(await error(client.send(new GetScheduleCommand({ Name: 'raw.one', GroupName: 'no-such-group' })))).toBe(
      'ResourceNotFoundException',
    );
    expect(
      await error(
        client.send(
          new CreateScheduleCommand({ ...input, Name: 'raw.two', ScheduleExpression: 'at(2031-02-30T00:00:00)' }),
        ),
      ),
    ).toBe('ValidationException');
    expect(
      await error(
        client.send(new CreateScheduleCommand({ ...input, Name: 'raw.two', ScheduleExpression: 'rate(5 minutes)' })),
      ),
    ).toBe('ValidationException');
    expect(
      await error(
        client.send(
          new CreateScheduleCommand({
            ...input,
            Name: 'raw.two',
            Target: { ...input.Target!, Arn: 'arn:aws:sqs:ap-southeast-3:000000000000:q' },
          }),
        ),
      ),
    ).toBe('ValidationException');
    await client.send(new DeleteScheduleCommand({ Name: 'raw.one', GroupName: GROUP }));
  });

  it('keeps schedules across a restart (JSON file) and delivers them afterwards', async () => {
    const event = reminder();
    const at = inOneDay();
    await schedules.scheduleEvent('booking.Brestart.day_before', at, event);
    await scheduler.stop();
    scheduler = await startStandIn();
    connect(scheduler);
    expect(scheduler.list().map((s) => s.Name)).toContain('booking.Brestart.day_before');
    expect(await scheduler.fireDue(justAfter(at))).toBe(1);
    await settle();
    expect(received.map((e) => e.detail)).toEqual([event]);
  });

  it('fires on its own timer at the due time', async () => {
    const timed = await startScheduler({
      port: await freePort(),
      region: REGION,
      accountId: '000000000000',
      groups: [GROUP],
      eventsEndpoint: bus.endpoint,
    });
    const timedClient = new SchedulerClient({ endpoint: timed.endpoint, region: REGION, credentials });
    try {
      const event = reminder('two_hours');
      const at = new Date(Math.ceil((Date.now() + 1_500) / 1000) * 1000);
      await timedClient.send(
        new CreateScheduleCommand({
          Name: 'booking.Btimer.two_hours',
          GroupName: GROUP,
          ScheduleExpression: `at(${at.toISOString().slice(0, 19)})`,
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: config.busArn,
            RoleArn: config.roleArn,
            Input: JSON.stringify(event),
            EventBridgeParameters: { DetailType: event.type, Source: event.source },
          },
        }),
      );
      const deadline = Date.now() + 15_000;
      while (timed.list().length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(timed.list()).toEqual([]);
      expect(Date.now()).toBeGreaterThanOrEqual(at.getTime());
      await settle();
      expect(received.map((e) => e.detail)).toEqual([event]);
    } finally {
      timedClient.destroy();
      await timed.stop();
    }
  });
});
