import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { fileURLToPath } from 'node:url';
import { defineDomain } from '#shared/manifest/types.ts';
import { startEventBus, type LocalEventBus } from './event-bus.ts';
import { freePort } from './ports.ts';
import { loadHandler } from './lambda.ts';
import { deliveries } from './fixtures/flaky-subscriber.ts';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const manifest = defineDomain({
  domain: 'fixture',
  description: 'test subscriber',
  routes: {},
  subscriptions: {
    flaky: {
      description: 'fails some messages',
      events: ['pet.added'],
      handler: 'flaky-subscriber.ts',
      access: {},
      maxReceiveCount: 3,
    },
  },
});

let bus: LocalEventBus;
let client: EventBridgeClient;
beforeAll(async () => {
  // Load the subscriber before the clock starts: on a loaded 2-core machine the first import can be slow.
  await loadHandler(fileURLToPath(new URL('./fixtures/flaky-subscriber.ts', import.meta.url)));
  bus = await startEventBus({
    port: await freePort(),
    busName: 'test-bus',
    manifests: [{ manifest, dir: fixtures }],
    retryDelayMs: 10,
  });
  client = new EventBridgeClient({
    endpoint: bus.endpoint,
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
  });
}, 60_000);
afterAll(async () => {
  client.destroy();
  await bus.stop();
});

const entry = (type: string, petId: string, source = 'petpro.users') => ({
  EventBusName: 'test-bus',
  Source: source,
  DetailType: type,
  Detail: JSON.stringify({ id: petId, type, version: 1, data: { petId } }),
});

describe('local event bus', () => {
  it('delivers matching events once, retries failures and dead-letters them after maxReceiveCount', async () => {
    const result = await client.send(
      new PutEventsCommand({
        Entries: [
          entry('pet.added', 'Berhasil'),
          entry('pet.added', 'Gagal'),
          entry('pet.removed', 'Lain'),
          entry('pet.added', 'Palsu', 'petpro.evil'),
        ],
      }),
    );
    expect(result.FailedEntryCount).toBe(0);
    await bus.idle(60_000);
    expect(deliveries.filter((d) => d.petId === 'Berhasil').map((d) => d.receiveCount)).toEqual([1]);
    expect(deliveries.filter((d) => d.petId === 'Gagal').map((d) => d.receiveCount)).toEqual([1, 2, 3]);
    expect(deliveries.some((d) => d.petId === 'Lain' || d.petId === 'Palsu')).toBe(false);
    const dead = bus.deadLetters();
    expect(dead).toHaveLength(1);
    expect(dead[0]).toMatchObject({ subscriber: 'fixture.flaky', receiveCount: 3 });
    // The first delivery imports the subscriber module; on a busy 2-core CI machine that alone can take seconds.
  }, 90_000);

  it('still retries when the wall clock lags behind the timers', async () => {
    // Timers run on the monotonic clock and may fire before Date.now() reaches a message's visibleAt;
    // a wall clock at half speed makes that happen on every retry.
    const start = Date.now();
    const realNow = Date.now.bind(Date);
    const slowClock = vi.spyOn(Date, 'now').mockImplementation(() => start + Math.floor((realNow() - start) / 2));
    try {
      await client.send(new PutEventsCommand({ Entries: [entry('pet.added', 'GagalLambat')] }));
      await bus.idle(10_000);
    } finally {
      slowClock.mockRestore();
    }
    expect(deliveries.filter((d) => d.petId === 'GagalLambat').map((d) => d.receiveCount)).toEqual([1, 2, 3]);
    expect(
      bus
        .deadLetters()
        .filter((d) => (d.event as { detail: { data: { petId: string } } }).detail.data.petId === 'GagalLambat'),
    ).toHaveLength(1);
  }, 60_000);

  it('refuses entries for another bus', async () => {
    const result = await client.send(
      new PutEventsCommand({ Entries: [{ ...entry('pet.added', 'X'), EventBusName: 'other' }] }),
    );
    expect(result.FailedEntryCount).toBe(1);
    expect(result.Entries?.[0]?.ErrorCode).toBe('ResourceNotFoundException');
  });
});
