import { describe, expect, it, vi } from 'vitest';
import * as z from 'zod';
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context } from 'aws-lambda';
import { useLocalDynamo } from '#local/testing.ts';
import { seededRandom } from '../lib/seeded-random.ts';
import { defineDomain } from '../manifest/types.ts';
import { problems } from './problem.ts';
import { reply, type HttpEvent, type HttpResult } from './route.ts';
import { idempotencyRecordKey, idempotencyRecords } from '../table/idempotency.ts';
import { idempotentHttpRoute, payloadHash } from './idempotency.ts';

/**
 * Idempotency-Key on DynamoDB Local (AWS's engine, real conditional writes): sequential repeats,
 * parallel duplicates and failures in between, then a seeded random mix of all three. A "thing"
 * is the side effect; it must happen at most once per key and caller, and every 2xx answer for
 * that key and caller is the same answer.
 */
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT'; // hundreds of refused and failed requests on purpose
});

const dynamo = useLocalDynamo({ tableName: 'petpro-idempotency-test' });

const manifest = defineDomain({
  domain: 'test',
  description: 'idempotency test',
  routes: {
    addThing: {
      method: 'POST',
      path: '/v1/things/{listId}',
      handler: 'x.ts',
      auth: 'user',
      access: {},
      summary: 'add',
      headers: ['Idempotency-Key'],
      request: { params: z.object({ listId: z.string() }), body: z.strictObject({ name: z.string().min(1) }) },
      responses: { 201: { description: 'ok' } },
    },
    renameThing: {
      method: 'POST',
      path: '/v1/things/{listId}/rename',
      handler: 'y.ts',
      auth: 'user',
      access: {},
      summary: 'rename',
      headers: ['Idempotency-Key'],
      request: { params: z.object({ listId: z.string() }), body: z.strictObject({ name: z.string().min(1) }) },
      responses: { 200: { description: 'ok' } },
    },
  },
});

interface Thing {
  thingId: string;
  caller: string;
  key: string | undefined;
  name: string;
}
const things: Thing[] = [];
/** What the next executions of the use case do, per `caller:key`: fail with a 500 or a 409, or succeed. */
const plans = new Map<string, ('500' | '409' | 'ok' | 'slow')[]>();
let failureRate = 0;
let random = seededRandom(1);
let executions = 0;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const handler = idempotentHttpRoute(manifest.routes.addThing, async (request) => {
  executions += 1;
  const key = request.headers['idempotency-key'];
  const scope = `${request.auth.userId}:${key}`;
  await sleep(Math.floor(random() * 25)); // the window in which duplicates race
  const planned = plans.get(scope)?.shift() ?? (random() < failureRate ? (random() < 0.5 ? '500' : '409') : 'ok');
  if (planned === '500') throw new Error('the store fell over');
  if (planned === '409') throw problems.conflict();
  if (planned === 'slow') await sleep(400);
  const thing = { thingId: randomUUID(), caller: request.auth.userId, key, name: request.body.name };
  things.push(thing);
  return reply.created({ ...thing, listId: request.params.listId }, `/v1/things/${thing.thingId}`);
});
const rename = idempotentHttpRoute(manifest.routes.renameThing, async (request) =>
  reply.ok({ renamed: request.body.name, id: randomUUID() }),
);

let requestCounter = 0;
function event(options: { caller: string; key?: string; body: unknown; listId?: string }): HttpEvent {
  requestCounter += 1;
  const listId = options.listId ?? 'L1';
  return {
    version: '2.0',
    routeKey: 'POST /v1/things/{listId}',
    rawPath: `/v1/things/${listId}`,
    rawQueryString: '',
    headers: {
      'content-type': 'application/json',
      ...(options.key !== undefined ? { 'idempotency-key': options.key } : {}),
    },
    pathParameters: { listId },
    isBase64Encoded: false,
    body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    requestContext: {
      requestId: `gw-${requestCounter}`,
      authorizer: {
        jwt: { claims: { 'sub': options.caller, 'cognito:groups': '[customer]', 'token_use': 'access' }, scopes: null },
      },
    } as unknown as HttpEvent['requestContext'],
  } as HttpEvent;
}
const context = (remainingMs = 10_000) => {
  const deadline = Date.now() + remainingMs;
  return {
    awsRequestId: randomUUID(),
    functionName: 'test',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  } as unknown as Context;
};

interface Answer {
  status: number;
  body: Record<string, unknown> | undefined;
  headers: Record<string, string>;
}
const answerOf = (result: HttpResult): Answer => ({
  status: result.statusCode ?? 0,
  body: result.body ? JSON.parse(result.body) : undefined,
  headers: Object.fromEntries(Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)])),
});
const post = async (options: Parameters<typeof event>[0]) => answerOf(await handler(event(options), context()));

const thingsOf = (caller: string, key: string) =>
  things.filter((thing) => thing.caller === caller && thing.key === key);

async function idempotencyItems(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, never> | undefined;
  do {
    const page = await dynamo.client.send(
      new ScanCommand({
        TableName: dynamo.tableName,
        ConsistentRead: true,
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    items.push(
      ...(page.Items ?? [])
        .map((item) => unmarshall(item))
        .filter((item) => String(item.pk).startsWith('IDEMPOTENCY#')),
    );
    start = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (start);
  return items;
}

const newKey = () => `key-${randomUUID()}`;
const X = { name: 'Milo' };
const Y = { name: 'Luna' };

describe('Idempotency-Key, one caller, one key', () => {
  it('X → 201; Y → 422; X again → the first answer (not a second thing)', async () => {
    const key = newKey();
    const first = await post({ caller: 'u1', key, body: X });
    expect(first.status).toBe(201);
    const other = await post({ caller: 'u1', key, body: Y });
    expect(other.status).toBe(422);
    expect(other.body?.type).toMatch(/idempotency-key-reused$/);
    expect(other.headers['content-type']).toBe('application/problem+json');
    const again = await post({ caller: 'u1', key, body: X });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers.location).toBe(first.headers.location);
    expect(thingsOf('u1', key)).toHaveLength(1);
    // Y a second time is still refused: the 422 did not free the key.
    expect((await post({ caller: 'u1', key, body: Y })).status).toBe(422);
    expect((await post({ caller: 'u1', key, body: X })).body).toEqual(first.body);
    expect(thingsOf('u1', key)).toHaveLength(1);
  });

  it('the replay is marked and carries the correlation id of the request that asked', async () => {
    const key = newKey();
    const first = await post({ caller: 'u1', key, body: X });
    const again = await post({ caller: 'u1', key, body: X });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(again.headers['x-correlation-id']).not.toBe(first.headers['x-correlation-id']);
    expect(again.headers['x-correlation-id']).toMatch(/^gw-/);
  });

  it('the same key and body on another path (other params) is another request: 422', async () => {
    const key = newKey();
    expect((await post({ caller: 'u1', key, body: X, listId: 'L1' })).status).toBe(201);
    expect((await post({ caller: 'u1', key, body: X, listId: 'L2' })).status).toBe(422);
    expect(thingsOf('u1', key)).toHaveLength(1);
  });

  it('keys are per caller and per route: the same key elsewhere is a new request', async () => {
    const key = newKey();
    const mine = await post({ caller: 'u1', key, body: X });
    const theirs = await post({ caller: 'u2', key, body: X });
    expect(theirs.status).toBe(201);
    expect(theirs.body?.thingId).not.toBe(mine.body?.thingId);
    const renamed = answerOf(await rename(event({ caller: 'u1', key, body: X }), context()));
    expect(renamed.status).toBe(200);
  });

  it('without the header every request runs', async () => {
    const before = executions;
    await post({ caller: 'u1', body: X });
    await post({ caller: 'u1', body: X });
    expect(executions - before).toBe(2);
  });

  it('refuses a malformed key (400) before anything runs', async () => {
    const before = executions;
    const answer = await post({ caller: 'u1', key: 'k'.repeat(256), body: X });
    expect(answer.status).toBe(400);
    expect(answer.body?.errors).toEqual([expect.objectContaining({ path: 'headers.idempotency-key' })]);
    expect(executions).toBe(before);
  });
});

describe('Idempotency-Key, failures in between', () => {
  it('a failed first attempt (500 or a 4xx) leaves no record: the retry runs, and then its answer is the one replayed', async () => {
    for (const failure of ['500', '409'] as const) {
      const key = newKey();
      plans.set(`u1:${key}`, [failure]);
      const failed = await post({ caller: 'u1', key, body: X });
      expect(failed.status).toBe(Number(failure));
      expect(thingsOf('u1', key)).toHaveLength(0);
      // Any body may take the freed key; then the other one is refused.
      const retried = await post({ caller: 'u1', key, body: Y });
      expect(retried.status).toBe(201);
      expect((await post({ caller: 'u1', key, body: X })).status).toBe(422);
      expect((await post({ caller: 'u1', key, body: Y })).body).toEqual(retried.body);
      expect(thingsOf('u1', key)).toHaveLength(1);
    }
  });

  it('a request refused before the use case (400 validation) leaves no record', async () => {
    const key = newKey();
    expect((await post({ caller: 'u1', key, body: { name: '' } })).status).toBe(400);
    expect((await post({ caller: 'u1', key, body: X })).status).toBe(201);
  });

  it("losers of a race (409 in progress) never free the winner's record", async () => {
    const key = newKey();
    plans.set(`u1:${key}`, ['slow']); // the winner is still running when the other nine arrive
    const answers = await Promise.all([...Array(10)].map(() => post({ caller: 'u1', key, body: X })));
    const won = answers.filter((answer) => answer.status === 201);
    expect(won).toHaveLength(1);
    const lost = answers.filter((answer) => answer.status === 409);
    expect(lost).toHaveLength(9);
    expect(lost.every((answer) => /request-in-progress$/.test(String(answer.body?.type)))).toBe(true);
    // The replay is the winner's answer; another body is still refused.
    expect((await post({ caller: 'u1', key, body: X })).body).toEqual(won[0]!.body);
    expect((await post({ caller: 'u1', key, body: Y })).status).toBe(422);
    expect(thingsOf('u1', key)).toHaveLength(1);
  });
});

describe('Idempotency-Key, a request that was stopped', () => {
  const scope = (key: string) => ({ caller: 'u4', key, route: 'POST /v1/things/{listId}' });
  /** What a request leaves when its Lambda is stopped mid-way: a claim and nothing else. */
  const abandoned = async (key: string, body: unknown, lockedUntil: number) => {
    const nowMs = Date.now();
    const claimed = await idempotencyRecords.claim(scope(key), {
      payloadHash: payloadHash(event({ caller: 'u4', key, body })),
      token: randomUUID(),
      lockedUntil,
      expiresAt: Math.floor(nowMs / 1000) + 3600,
      nowMs,
    });
    expect(claimed.claimed).toBe(true);
  };

  it('blocks the key (409, nothing runs) until its Lambda deadline, then the retry with the same body takes over', async () => {
    const key = newKey();
    await abandoned(key, X, Date.now() + 60_000);
    const before = executions;
    const blocked = await post({ caller: 'u4', key, body: X });
    expect(blocked.status).toBe(409);
    expect(blocked.body?.type).toMatch(/request-in-progress$/);
    expect((await post({ caller: 'u4', key, body: Y })).status).toBe(422);
    expect(executions).toBe(before);

    const expired = newKey();
    await abandoned(expired, X, Date.now() - 1);
    expect((await post({ caller: 'u4', key: expired, body: Y })).status).toBe(422);
    const answers = await Promise.all([...Array(4)].map(() => post({ caller: 'u4', key: expired, body: X })));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(thingsOf('u4', expired)).toHaveLength(1);
    expect((await post({ caller: 'u4', key: expired, body: X })).body?.thingId).toBe(
      thingsOf('u4', expired)[0]!.thingId,
    );
  });

  it('a record past its 24-hour window is free for any body', async () => {
    const key = newKey();
    const nowMs = Date.now();
    await idempotencyRecords.claim(scope(key), {
      payloadHash: 'old',
      token: randomUUID(),
      lockedUntil: nowMs + 60_000,
      expiresAt: Math.floor(nowMs / 1000) - 1,
      nowMs,
    });
    expect((await post({ caller: 'u4', key, body: Y })).status).toBe(201);
  });

  it('keeps one partition per caller and key (no hot partition per route)', () => {
    expect(idempotencyRecordKey({ caller: 'u1', key: 'k-1', route: 'POST /v1/bookings' })).toEqual({
      pk: 'IDEMPOTENCY#u1#k-1',
      sk: 'POST /v1/bookings',
    });
  });

  it('only the holder completes or releases the record', async () => {
    const key = newKey();
    const nowMs = Date.now();
    const token = randomUUID();
    await idempotencyRecords.claim(scope(key), {
      payloadHash: 'h',
      token,
      lockedUntil: nowMs + 60_000,
      expiresAt: Math.floor(nowMs / 1000) + 60,
      nowMs,
    });
    expect(await idempotencyRecords.release(scope(key), randomUUID())).toBe(false);
    expect(
      await idempotencyRecords.complete(
        scope(key),
        randomUUID(),
        { statusCode: 201, headers: {} },
        Math.floor(nowMs / 1000) + 60,
      ),
    ).toBe(false);
    expect(await idempotencyRecords.get(scope(key))).toMatchObject({ status: 'in_progress' });
    expect(
      await idempotencyRecords.complete(
        scope(key),
        token,
        { statusCode: 201, headers: {}, body: '{}' },
        Math.floor(nowMs / 1000) + 60,
      ),
    ).toBe(true);
    expect(await idempotencyRecords.release(scope(key), token)).toBe(false); // a completed record stays
    expect(await idempotencyRecords.get(scope(key))).toMatchObject({
      status: 'completed',
      response: { statusCode: 201, body: '{}' },
    });
  });
});

describe('Idempotency-Key, parallel duplicates', () => {
  it('5 identical requests at once, then a retry, 10 rounds: one thing each, every 201 the same answer', async () => {
    for (let round = 0; round < 10; round += 1) {
      const key = newKey();
      const answers = await Promise.all([...Array(5)].map(() => post({ caller: 'u3', key, body: X })));
      const retry = await post({ caller: 'u3', key, body: X });
      expect(
        answers.every((answer) => answer.status === 201 || answer.status === 409),
        `round ${round}`,
      ).toBe(true);
      const created = [...answers, retry].filter((answer) => answer.status === 201);
      expect(new Set(created.map((answer) => answer.body?.thingId)).size, `round ${round}`).toBe(1);
      expect(retry.status).toBe(201);
      expect(thingsOf('u3', key), `round ${round}`).toHaveLength(1);
    }
  });
});

describe('Idempotency-Key, a seeded random mix of callers, bodies, races and failures', () => {
  it("never does a key's work twice, and every 2xx of a key is the same answer", async () => {
    const seed = Number(process.env.IDEMPOTENCY_SEED ?? 20260823);
    random = seededRandom(seed);
    failureRate = 0.3;
    const callers = ['r1', 'r2'];
    const waves = 40;
    const keys = [...Array(waves / 2 + 3)].map((_, index) => `mix-${seed}-${index}-${randomUUID().slice(0, 8)}`);
    const bodies = [X, Y];
    /** Per caller:key, the first 2xx answer seen (when a wave ended), and the body it was for. */
    const settled = new Map<string, { answer: Answer; body: unknown }>();
    /** How often each kind of answer came: the mix must have raced, failed, replayed and refused. */
    const seen = new Map<string, number>();
    try {
      for (let wave = 0; wave < waves; wave += 1) {
        // A sliding window of three keys: each key is new for a while (races, failures), then settled (replays, 422).
        const size = 2 + Math.floor(random() * 7);
        const requests = [...Array(size)].map(() => ({
          caller: callers[Math.floor(random() * callers.length)]!,
          key: keys[Math.floor(wave / 2) + Math.floor(random() * 3)]!,
          body: bodies[random() < 0.75 ? 0 : 1]!,
        }));
        const answers = await Promise.all(
          requests.map(async (request) => {
            await sleep(Math.floor(random() * 10));
            return post(request);
          }),
        );
        answers.forEach((answer, index) => {
          const request = requests[index]!;
          const scope = `${request.caller}:${request.key}`;
          const kind = [
            answer.status,
            String(answer.body?.type ?? '').replace(/^.*\//, ''),
            answer.headers['idempotent-replayed'] ? 'replayed' : '',
          ]
            .filter(Boolean)
            .join(' ');
          seen.set(kind, (seen.get(kind) ?? 0) + 1);
          const where = `seed ${seed}, wave ${wave}, ${scope}, ${request.body.name} → ${answer.status}`;
          expect([201, 409, 422, 500], where).toContain(answer.status);
          const known = settled.get(scope);
          if (known) {
            // Settled before this wave began: the same answer for the same body, 422 for the other.
            if (JSON.stringify(known.body) === JSON.stringify(request.body))
              expect(answer.body, where).toEqual(known.answer.body);
            else expect(answer.status, where).toBe(422);
          }
        });
        answers.forEach((answer, index) => {
          const request = requests[index]!;
          const scope = `${request.caller}:${request.key}`;
          if (answer.status !== 201) return;
          const known = settled.get(scope);
          if (known) expect(answer.body, `seed ${seed}, wave ${wave}, ${scope}`).toEqual(known.answer.body);
          else settled.set(scope, { answer, body: request.body });
          expect(answer.body?.name).toBe(request.body.name);
        });
        for (const caller of callers) {
          for (const key of keys) {
            const done = thingsOf(caller, key);
            expect(done.length, `seed ${seed}, wave ${wave}, ${caller}:${key}`).toBeLessThanOrEqual(1);
            if (done.length === 1)
              expect(
                settled.get(`${caller}:${key}`)?.answer.body?.thingId,
                `seed ${seed}, wave ${wave}, ${caller}:${key}`,
              ).toBe(done[0]!.thingId);
          }
        }
      }
      expect([...seen.keys()].sort(), JSON.stringify([...seen])).toEqual(
        expect.arrayContaining([
          '201',
          '201 replayed',
          '409 conflict',
          '409 request-in-progress',
          '422 idempotency-key-reused',
          '500 internal',
        ]),
      );
      // Finally every key of every caller settles: without failures, its first body answers once more.
      failureRate = 0;
      await Promise.all(
        callers.flatMap((caller) =>
          keys.map(async (key) => {
            const scope = `${caller}:${key}`;
            const body = settled.get(scope)?.body ?? X;
            const last = await post({ caller, key, body });
            expect(last.status, scope).toBe(201);
            if (settled.has(scope)) expect(last.body, scope).toEqual(settled.get(scope)!.answer.body);
            expect(thingsOf(caller, key), scope).toHaveLength(1);
          }),
        ),
      );
      // One record per key and caller, each holding the answer that was replayed.
      const records = (await idempotencyItems()).filter((item) => String(item.pk).includes(`#mix-${seed}-`));
      expect(records).toHaveLength(callers.length * keys.length);
      for (const record of records) {
        expect(record).toMatchObject({ status: 'completed', sk: 'POST /v1/things/{listId}' });
        const [, caller, key] = /^IDEMPOTENCY#([^#]+)#(.+)$/.exec(String(record.pk))!;
        expect(JSON.parse(String((record.response as { body: string }).body)).thingId).toBe(
          thingsOf(caller!, key!)[0]!.thingId,
        );
      }
    } finally {
      failureRate = 0;
      random = seededRandom(1);
    }
  }, 60_000);
});
