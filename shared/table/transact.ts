import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { TransactWriteCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { EventEnvelope } from '../events/catalog.ts';
import { outboxItem } from '../events/outbox.ts';
import { dynamo } from './client.ts';
import { WriteConflict } from './write-conflict.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

type Params = Record<string, unknown>;

/** Put/Update/Delete params (see entity.ts) → transaction items (transactions take no ReturnValues). */
export const tx = {
  put: (params: Params): TransactItem => ({ Put: strip(params) as TransactItem['Put'] }),
  update: (params: Params): TransactItem => ({ Update: strip(params) as TransactItem['Update'] }),
  delete: (params: Params): TransactItem => ({ Delete: strip(params) as TransactItem['Delete'] }),
  check: (params: Params): TransactItem => ({ ConditionCheck: strip(params) as TransactItem['ConditionCheck'] }),
};

function strip(params: Params): Params {
  const { ReturnValues: _returnValues, ...rest } = params;
  return rest;
}

/** A condition in the transaction did not hold; `failed` lists the positions that failed. */
export class ConditionFailedError extends Error {
  readonly failed: number[];
  constructor(failed: number[]) {
    super(`transaction condition failed at item(s) ${failed.join(', ')}`);
    this.name = 'ConditionFailedError';
    this.failed = failed;
  }
}

/** Another transaction touched the same items at the same moment: safe to read again and retry. */
export class TransactionRaceError extends Error {
  constructor() {
    super('a concurrent transaction touched the same items');
    this.name = 'TransactionRaceError';
  }
}

/**
 * Writes the change and its events in one transaction: the events are published
 * (by the stream forwarder) if and only if the change committed. No dual writes.
 */
export async function commitWithEvents(items: TransactItem[], events: EventEnvelope[] = []): Promise<void> {
  const all = [...items, ...events.map((event) => tx.put(outboxItem(event)))];
  if (all.length === 0) return;
  if (all.length > 100) throw new Error('a transaction holds at most 100 items');
  try {
    await dynamo().send(new TransactWriteCommand({ TransactItems: all }));
  } catch (error) {
    if (error instanceof TransactionCanceledException) {
      const failed = (error.CancellationReasons ?? [])
        .map((reason, index) => (reason.Code === 'ConditionalCheckFailed' ? index : -1))
        .filter((index) => index >= 0);
      if (failed.length > 0) throw new ConditionFailedError(failed);
      if ((error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict'))
        throw new TransactionRaceError();
    }
    if ((error as Error).name === 'TransactionConflictException') throw new TransactionRaceError();
    throw error;
  }
}

/**
 * Runs a commit and turns a failed condition or a lost race into the one WriteConflict, so the use
 * case above the store sees one error whatever the table said. `meaningOf(position)` names each failed
 * item (undefined: an item past the writes, i.e. an event's outbox item: 'event'); without it only the
 * positions are kept. A race fails as ['race'].
 */
export async function committing(
  work: () => Promise<void>,
  meaningOf?: (position: number) => string | undefined,
): Promise<void> {
  try {
    await work();
  } catch (error) {
    if (error instanceof ConditionFailedError) {
      throw new WriteConflict({
        positions: error.failed,
        failed: meaningOf ? error.failed.map((position) => meaningOf(position) ?? 'event') : [],
      });
    }
    if (error instanceof TransactionRaceError) throw new WriteConflict({ failed: ['race'] });
    throw error;
  }
}
