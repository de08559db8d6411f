import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { LoadedManifest } from '#shared/manifest/registry.ts';
import { handlerPath } from '#shared/manifest/registry.ts';
import { DEFAULT_MAX_RECEIVE_COUNT, subscriptionPattern } from '#shared/manifest/patterns.ts';
import { matchesPattern } from './event-pattern.ts';
import { invoke } from './lambda.ts';
import { readBody, sendJson } from './http-util.ts';

interface Subscriber {
  name: string;
  file: string;
  pattern: Record<string, unknown>;
  maxReceiveCount: number;
  queue: QueuedMessage[];
  running: boolean;
}

interface QueuedMessage {
  messageId: string;
  body: string;
  receiveCount: number;
  visibleAt: number;
}

export interface DeadLetter {
  subscriber: string;
  messageId: string;
  receiveCount: number;
  event: unknown;
  failedAt: string;
}

export interface LocalEventBus {
  endpoint: string;
  deadLetters(): DeadLetter[];
  /** Resolves when every queue is empty and no delivery is running (for tests and seeding). */
  idle(timeoutMs?: number): Promise<void>;
  /** Messages delivered to subscribers so far (tests compare it to see whether anything moved). */
  deliveries(): number;
  stop(): Promise<void>;
}

/**
 * The local EventBridge: a PutEvents endpoint (AWS JSON 1.1) on one bus, a rule per manifest
 * subscription built by the same `subscriptionPattern` CDK uses, and per-subscriber queues with
 * SQS semantics — partial batch failures, retry with back-off, dead letters after maxReceiveCount.
 */
export async function startEventBus(options: {
  port: number;
  busName: string;
  manifests: LoadedManifest[];
  retryDelayMs?: number;
  log?: (line: string) => void;
}): Promise<LocalEventBus> {
  const retryDelayMs = options.retryDelayMs ?? 1_000;
  const deadLetters: DeadLetter[] = [];
  const subscribers: Subscriber[] = options.manifests.flatMap((loaded) =>
    Object.entries(loaded.manifest.subscriptions ?? {}).map(([name, spec]) => ({
      name: `${loaded.manifest.domain}.${name}`,
      file: handlerPath(loaded, spec.handler),
      pattern: subscriptionPattern(spec),
      maxReceiveCount: spec.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT,
      queue: [],
      running: false,
    })),
  );
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  let deliveryCount = 0;

  const schedule = (subscriber: Subscriber, delayMs: number) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      void drain(subscriber);
    }, delayMs);
    timers.add(timer);
  };

  async function drain(subscriber: Subscriber): Promise<void> {
    if (subscriber.running || stopped) return;
    subscriber.running = true;
    deliveryCount += 1;
    try {
      for (;;) {
        const now = Date.now();
        const batch = subscriber.queue.filter((message) => message.visibleAt <= now).slice(0, 10);
        if (batch.length === 0) break;
        for (const message of batch) message.receiveCount += 1;
        const sqsEvent: SQSEvent = {
          Records: batch.map((message) => ({
            messageId: message.messageId,
            receiptHandle: message.messageId,
            body: message.body,
            attributes: {
              ApproximateReceiveCount: String(message.receiveCount),
              SentTimestamp: String(now),
              SenderId: 'local',
              ApproximateFirstReceiveTimestamp: String(now),
            },
            messageAttributes: {},
            md5OfBody: '',
            eventSource: 'aws:sqs',
            eventSourceARN: `arn:aws:sqs:ap-southeast-3:000000000000:${subscriber.name}`,
            awsRegion: 'ap-southeast-3',
          })),
        };
        let failed: Set<string>;
        try {
          const result = (await invoke(subscriber.file, sqsEvent, subscriber.name)) as SQSBatchResponse | undefined;
          failed = new Set((result?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier));
        } catch (error) {
          options.log?.(`[events] ${subscriber.name} threw: ${String(error)}`);
          failed = new Set(batch.map((message) => message.messageId));
        }
        for (const message of batch) {
          if (!failed.has(message.messageId)) {
            subscriber.queue.splice(subscriber.queue.indexOf(message), 1);
          } else if (message.receiveCount >= subscriber.maxReceiveCount) {
            subscriber.queue.splice(subscriber.queue.indexOf(message), 1);
            deadLetters.unshift({
              subscriber: subscriber.name,
              messageId: message.messageId,
              receiveCount: message.receiveCount,
              event: JSON.parse(message.body),
              failedAt: new Date().toISOString(),
            });
            options.log?.(`[events] ${subscriber.name}: message ${message.messageId} moved to the dead-letter list`);
          } else {
            message.visibleAt = Date.now() + retryDelayMs * message.receiveCount;
          }
        }
      }
    } finally {
      subscriber.running = false;
    }
    // Wake up for the next retry from here, not from each failure: a timer may fire a millisecond before
    // Date.now() reaches visibleAt (timers run on the monotonic clock), and a wake-up that finds nothing
    // visible must not strand the message.
    if (subscriber.queue.length > 0 && !stopped) {
      const nextVisibleAt = Math.min(...subscriber.queue.map((message) => message.visibleAt));
      schedule(subscriber, Math.max(1, nextVisibleAt - Date.now() + 1));
    }
  }

  function publish(entry: { Source?: string; DetailType?: string; Detail?: string; Time?: number | string }): string {
    const id = randomUUID();
    const event = {
      'version': '0',
      id,
      'detail-type': entry.DetailType,
      'source': entry.Source,
      'account': '000000000000',
      'time': new Date(typeof entry.Time === 'number' ? entry.Time * 1000 : (entry.Time ?? Date.now())).toISOString(),
      'region': 'ap-southeast-3',
      'resources': [],
      'detail': entry.Detail ? JSON.parse(entry.Detail) : {},
    };
    for (const subscriber of subscribers) {
      if (!matchesPattern(event, subscriber.pattern)) continue;
      subscriber.queue.push({ messageId: randomUUID(), body: JSON.stringify(event), receiveCount: 0, visibleAt: 0 });
      schedule(subscriber, 0);
    }
    return id;
  }

  const server: Server = createServer(async (request, response) => {
    try {
      const target = request.headers['x-amz-target'];
      const body = JSON.parse((await readBody(request)).toString('utf8') || '{}');
      if (target !== 'AWSEvents.PutEvents')
        return sendJson(
          response,
          400,
          { __type: 'UnknownOperationException', message: `not supported: ${String(target)}` },
          'application/x-amz-json-1.1',
        );
      const entries = (body.Entries ?? []) as {
        EventBusName?: string;
        Source?: string;
        DetailType?: string;
        Detail?: string;
      }[];
      const results = entries.map((entry) => {
        if (entry.EventBusName && entry.EventBusName !== options.busName)
          return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `no bus ${entry.EventBusName}` };
        if (!entry.Source || !entry.DetailType || !entry.Detail)
          return { ErrorCode: 'InvalidArgument', ErrorMessage: 'Source, DetailType and Detail are required' };
        return { EventId: publish(entry) };
      });
      sendJson(
        response,
        200,
        { FailedEntryCount: results.filter((r) => 'ErrorCode' in r).length, Entries: results },
        'application/x-amz-json-1.1',
      );
    } catch (error) {
      sendJson(response, 400, { __type: 'ValidationException', message: String(error) }, 'application/x-amz-json-1.1');
    }
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));

  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    deadLetters: () => [...deadLetters],
    deliveries: () => deliveryCount,
    async idle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (subscribers.some((s) => s.running || s.queue.length > 0)) {
        if (Date.now() > deadline) throw new Error('event delivery did not settle');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
