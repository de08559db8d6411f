import { readJsonFile, writeFileAtomic } from './json-file.ts';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  ListStreamsCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { invoke } from './lambda.ts';

export interface StreamTail {
  /** Resolves after a whole pass, started after the call, that found no new records. */
  caughtUp(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

type Checkpoints = Record<string, string>;

function toLambdaRecord(record: _Record, streamArn: string): DynamoDBStreamEvent['Records'][number] {
  const data = record.dynamodb!;
  return {
    eventID: record.eventID!,
    eventName: record.eventName as 'INSERT' | 'MODIFY' | 'REMOVE',
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ap-southeast-3',
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: data.ApproximateCreationDateTime
        ? Math.floor(data.ApproximateCreationDateTime.getTime() / 1000)
        : Math.floor(Date.now() / 1000),
      Keys: data.Keys as never,
      NewImage: data.NewImage as never,
      OldImage: data.OldImage as never,
      SequenceNumber: data.SequenceNumber!,
      SizeBytes: data.SizeBytes ?? 0,
      StreamViewType: data.StreamViewType as 'NEW_AND_OLD_IMAGES',
    },
  };
}

/**
 * Tails the table's stream on DynamoDB Local and hands batches to a stream handler (the outbox
 * forwarder), like Lambda's event source mapping: in order per shard, retrying from the first
 * failed record, with a checkpoint on disk so a restart neither loses nor repeats events.
 */
export async function tailStream(options: {
  endpoint: string;
  tableName: string;
  handlerFile: string;
  checkpointFile?: string;
  pollMs?: number;
  log?: (line: string) => void;
}): Promise<StreamTail> {
  const client = new DynamoDBStreamsClient({
    endpoint: options.endpoint,
    region: 'ap-southeast-3',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const checkpoints: Checkpoints = readJsonFile<Checkpoints>(options.checkpointFile, {});
  const save = () => options.checkpointFile && writeFileAtomic(options.checkpointFile, JSON.stringify(checkpoints));
  const iterators = new Map<string, string | undefined>();
  const finished = new Set<string>();
  let stopped = false;
  let streamArn: string | undefined;

  let passes = 0;
  let lastBusyPass = -1;
  let busy = false;

  async function poll(): Promise<void> {
    streamArn ??= (await client.send(new ListStreamsCommand({ TableName: options.tableName }))).Streams?.[0]?.StreamArn;
    if (!streamArn) return;
    const shards =
      (await client.send(new DescribeStreamCommand({ StreamArn: streamArn }))).StreamDescription?.Shards ?? [];
    for (const shard of shards) {
      const shardId = shard.ShardId!;
      if (finished.has(shardId)) continue;
      // Parents first, so per-key order holds across shard splits.
      if (
        shard.ParentShardId &&
        shards.some((s) => s.ShardId === shard.ParentShardId) &&
        !finished.has(shard.ParentShardId)
      )
        continue;
      let iterator = iterators.get(shardId);
      if (!iterator) {
        const after = checkpoints[shardId];
        iterator = (
          await client.send(
            new GetShardIteratorCommand({
              StreamArn: streamArn,
              ShardId: shardId,
              ShardIteratorType: after ? 'AFTER_SEQUENCE_NUMBER' : 'TRIM_HORIZON',
              ...(after ? { SequenceNumber: after } : {}),
            }),
          )
        ).ShardIterator;
      }
      if (!iterator) {
        finished.add(shardId);
        continue;
      }
      const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      const records = page.Records ?? [];
      if (records.length > 0) {
        busy = true;
        const event: DynamoDBStreamEvent = { Records: records.map((record) => toLambdaRecord(record, streamArn!)) };
        let result: DynamoDBBatchResponse | undefined;
        try {
          result = (await invoke(options.handlerFile, event, 'outbox-forwarder')) as DynamoDBBatchResponse | undefined;
        } catch (error) {
          options.log?.(`[stream] forwarder threw, will retry: ${String(error)}`);
          iterators.delete(shardId); // re-read from the checkpoint
          return;
        }
        const firstFailure = result?.batchItemFailures?.[0]?.itemIdentifier;
        const done = firstFailure
          ? records.slice(
              0,
              records.findIndex((r) => r.dynamodb?.SequenceNumber === firstFailure),
            )
          : records;
        const last = done.at(-1)?.dynamodb?.SequenceNumber;
        if (last) {
          checkpoints[shardId] = last;
          save();
        }
        if (firstFailure) {
          iterators.delete(shardId);
          return;
        }
      }
      if (page.NextShardIterator) iterators.set(shardId, page.NextShardIterator);
      else {
        finished.add(shardId);
        iterators.delete(shardId);
      }
    }
  }

  const loop = (async () => {
    while (!stopped) {
      busy = false;
      try {
        await poll();
      } catch (error) {
        busy = true;
        if (!stopped) options.log?.(`[stream] ${String(error)}`);
        iterators.clear();
      }
      passes += 1;
      if (busy) lastBusyPass = passes;
      await new Promise((resolve) => setTimeout(resolve, options.pollMs ?? 200));
    }
  })();

  return {
    async caughtUp(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const start = passes;
      // The pass running now may have started before the caller's write: wait for a later, quiet one.
      while (passes <= start + 1 || lastBusyPass === passes) {
        if (Date.now() > deadline) throw new Error('the stream did not settle');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      stopped = true;
      await loop;
      client.destroy();
    },
  };
}
