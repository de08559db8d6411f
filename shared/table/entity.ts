import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type PutCommandInput,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { InvalidCursor, sealCursor, openCursor } from '../lib/sealed-cursor.ts';
import { dynamo } from './client.ts';
import { tableDefinition, tableName, type GlobalIndexName } from './definition.ts';
import {
  namedQueries,
  partitionOf,
  type CheckedQueries,
  type NamedQueries,
  type Page,
  type QueryOptions,
  type QueryPattern,
} from './named-queries.ts';

/**
 * A small typed entity layer on the single table. Each aggregate declares its keys once; domain
 * stores call named operations built from these, never raw commands. (Why not ElectroDB: it
 * alone would take half of each function's bundle budget — docs/decisions/0002.)
 *
 * Queries are named access patterns (`.withQueries`), as ElectroDB's are: a pattern's partition
 * function is the one place its key format lives — the writes store an index pattern's attributes
 * with it, the query finds them with it, and `key()` calls a table pattern's own partition function —
 * so a store never writes a key string at a call site:
 *
 *   const bookings = defineEntity<Booking, { bookingId: string }>({ type, version, key }).withQueries({
 *     byCustomer: {
 *       index: 'gsi1',
 *       partition: ({ customerId }: { customerId: string }) => `CUSTOMER_BOOKINGS#${customerId}`,
 *       sort: (booking) => `${booking.start}#${booking.bookingId}`,
 *     },
 *   });
 *   bookings.query.byCustomer({ customerId }, { limit, cursor, newestFirst: true });
 */
export interface TableKey {
  pk: string;
  sk: string;
}

export interface EntityDefinition<Key extends object> {
  /** Stored as `_type`, so a stream reader or a backup can tell items apart. */
  type: string;
  /** Schema version of the stored shape, stored as `_v`. */
  version: number;
  key(key: Key): TableKey;
}

type Attributes = Record<string, unknown>;

export interface PutOptions {
  /** A create: fails if the item exists. */
  mustNotExist?: boolean;
  /** An optimistic replace: fails unless the stored `version` is this. */
  expectedVersion?: number;
  /** Fails unless the item is new or its stored value of this numeric field is lower than the incoming one. */
  newerThanStored?: string;
}

const META = ['_type', '_v'] as const;

function keyFieldsOf(): string[] {
  const { partitionKey, sortKey, globalIndexes } = tableDefinition;
  return [
    partitionKey,
    sortKey,
    ...Object.values(globalIndexes).flatMap((index) => [index.partitionKey, index.sortKey]),
  ];
}

/**
 * What a query's cursor is bound to: the same index, partition (whose records), sort condition and
 * order. A cursor given out for one listing does not open for another (shared/lib/sealed-cursor.ts).
 */
export function queryBinding(
  partition: string,
  options: Pick<QueryOptions, 'index' | 'beginsWith' | 'before' | 'between' | 'newestFirst'>,
): string {
  const { index, beginsWith, before, between, newestFirst } = options;
  return JSON.stringify([
    'table-query',
    index ?? null,
    partition,
    beginsWith ?? null,
    before ?? null,
    between ?? null,
    newestFirst ?? false,
  ]);
}

/** Cursors are opaque to clients: the last key, sealed for the listing it belongs to. */
export function encodeCursor(lastKey: Attributes | undefined, binding: string): string | null {
  return lastKey ? sealCursor(lastKey, binding) : null;
}

/**
 * The key a cursor carries, if it was given out for this listing (`binding`) and lies in `partition`
 * and is a table key in that partition; anything else — forged, altered, another caller's or listing's —
 * is a 400, never a DynamoDB error.
 */
export function decodeCursor(
  cursor: string | undefined,
  binding: string,
  partition?: { name: string; value: string },
): Attributes | undefined {
  if (!cursor) return undefined;
  const value = openCursor(cursor, binding);
  const valid =
    !!value &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.entries(value).every(([name, field]) => typeof field === 'string' && keyFieldsOf().includes(name)) &&
    (!partition || (value as Attributes)[partition.name] === partition.value);
  if (!valid) throw new InvalidCursor();
  return value as Attributes;
}

export function isConditionFailure(error: unknown): boolean {
  return (
    error instanceof ConditionalCheckFailedException ||
    (error as Error | undefined)?.name === 'ConditionalCheckFailedException'
  );
}

/** An entity's operations; `patterns` are its named queries (the index ones write their attributes). */
function operations<Item extends object, Key extends object>(
  definition: EntityDefinition<Key>,
  patterns: Record<string, QueryPattern<Item>>,
) {
  const { partitionKey, sortKey, globalIndexes } = tableDefinition;
  const keyFields = new Set(keyFieldsOf());

  // What every write stores in the indexes: each index pattern's keys, for the items its `when` admits.
  const indexWriters: { index: GlobalIndexName; keyOf: (item: Item) => TableKey | undefined }[] = [
    ...Object.values(patterns).flatMap((pattern) =>
      pattern.index === undefined
        ? []
        : [
            {
              index: pattern.index,
              keyOf: (item: Item) =>
                !pattern.when || pattern.when(item)
                  ? { pk: partitionOf(pattern, item), sk: pattern.sort(item) }
                  : undefined,
            },
          ],
    ),
  ];
  for (const [position, writer] of indexWriters.entries())
    if (indexWriters.findIndex((other) => other.index === writer.index) !== position)
      throw new Error(`${definition.type}: two access patterns write ${writer.index}`);

  const toItem = (stored: Attributes | undefined): Item | undefined => {
    if (!stored) return undefined;
    const item: Attributes = {};
    for (const [name, value] of Object.entries(stored))
      if (!keyFields.has(name) && !(META as readonly string[]).includes(name)) item[name] = value;
    return item as Item;
  };

  const stored = (key: Key, item: Item): Attributes => {
    const primary = definition.key(key);
    const attributes: Attributes = {
      ...item,
      [partitionKey]: primary.pk,
      [sortKey]: primary.sk,
      _type: definition.type,
      _v: definition.version,
    };
    for (const writer of indexWriters) {
      const indexKey = writer.keyOf(item);
      const index = globalIndexes[writer.index];
      if (indexKey) {
        attributes[index.partitionKey] = indexKey.pk;
        attributes[index.sortKey] = indexKey.sk;
      }
    }
    return attributes;
  };

  /** One page of a partition (optionally a sort-key prefix), in key order or newest first. */
  const query = async (partition: string, options: QueryOptions = {}): Promise<Page<Item>> => {
    const index = options.index ? globalIndexes[options.index] : undefined;
    const pkName = index?.partitionKey ?? partitionKey;
    const skName = index?.sortKey ?? sortKey;
    // BETWEEN is inclusive at both ends; the exclusive end is filtered below.
    const [sortCondition, sortValues]: [string, Attributes] = options.beginsWith
      ? ['#pk = :pk AND begins_with(#sk, :prefix)', { ':prefix': options.beginsWith }]
      : options.before !== undefined
        ? ['#pk = :pk AND #sk < :before', { ':before': options.before }]
        : options.between
          ? ['#pk = :pk AND #sk BETWEEN :from AND :to', { ':from': options.between.from, ':to': options.between.to }]
          : ['#pk = :pk', {}];
    const input: QueryCommandInput = {
      TableName: tableName(),
      ...(options.index ? { IndexName: options.index } : { ConsistentRead: options.consistent ?? true }),
      KeyConditionExpression: sortCondition,
      ExpressionAttributeNames: { '#pk': pkName, ...(sortCondition !== '#pk = :pk' ? { '#sk': skName } : {}) },
      ExpressionAttributeValues: { ':pk': partition, ...sortValues },
      ScanIndexForward: !options.newestFirst,
      ...(options.limit ? { Limit: options.limit } : {}),
    };
    const binding = queryBinding(partition, options);
    const start = decodeCursor(options.cursor, binding, { name: pkName, value: partition });
    if (start) input.ExclusiveStartKey = start;
    const page = await dynamo().send(new QueryCommand(input));
    const items = (page.Items ?? [])
      .filter((item) => !options.between || item[skName] !== options.between.to)
      .map((item) => toItem(item)!);
    return { items, nextCursor: items.length > 0 ? encodeCursor(page.LastEvaluatedKey, binding) : null };
  };

  const entity = {
    definition,
    key: definition.key,
    /** The item as the domain sees it, from what a read of the table returned (keys and meta left out). */
    fromStored: toItem,

    async get(key: Key, options: { consistent?: boolean } = {}): Promise<Item | undefined> {
      const primary = definition.key(key);
      const { Item } = await dynamo().send(
        new GetCommand({
          TableName: tableName(),
          Key: { [partitionKey]: primary.pk, [sortKey]: primary.sk },
          ConsistentRead: options.consistent ?? true,
        }),
      );
      return toItem(Item);
    },

    /** Put params; `mustNotExist` makes it a create, `expectedVersion` an optimistic replace. */
    putParams(key: Key, item: Item, options: PutOptions = {}) {
      const condition = options.mustNotExist
        ? { ConditionExpression: 'attribute_not_exists(#pk)', ExpressionAttributeNames: { '#pk': partitionKey } }
        : options.expectedVersion !== undefined
          ? {
              ConditionExpression: '#version = :expected',
              ExpressionAttributeNames: { '#version': 'version' },
              ExpressionAttributeValues: { ':expected': options.expectedVersion },
            }
          : options.newerThanStored
            ? {
                // Projections fed by events that may arrive out of order keep the highest version.
                ConditionExpression: 'attribute_not_exists(#pk) OR #counter < :incoming',
                ExpressionAttributeNames: { '#pk': partitionKey, '#counter': options.newerThanStored },
                ExpressionAttributeValues: { ':incoming': (item as Record<string, unknown>)[options.newerThanStored] },
              }
            : {};
      return { TableName: tableName(), Item: stored(key, item), ...condition };
    },

    /**
     * Update params that set the given fields (undefined = leave, null = remove) and bump
     * `version`; with `expectedVersion` the write only happens if nobody changed it meanwhile.
     */
    updateParams(
      key: Key,
      changes: Partial<Item>,
      options: {
        expectedVersion?: number;
        mustExist?: boolean;
        now?: string;
        add?: Partial<Record<keyof Item, number>>;
        condition?: { expression: string; values: Attributes };
      } = {},
    ) {
      const primary = definition.key(key);
      const attributeNames: Record<string, string> = {};
      const attributeValues: Attributes = {};
      const sets: string[] = [];
      const removes: string[] = [];
      let n = 0;
      for (const [field, value] of Object.entries(changes)) {
        if (value === undefined || field === 'version') continue;
        const name = `#f${n}`;
        attributeNames[name] = field;
        if (value === null) removes.push(name);
        else {
          attributeValues[`:v${n}`] = value;
          sets.push(`${name} = :v${n}`);
        }
        n += 1;
      }
      for (const [field, amount] of Object.entries(options.add ?? {})) {
        attributeNames[`#f${n}`] = field;
        attributeValues[`:v${n}`] = amount;
        sets.push(`#f${n} = if_not_exists(#f${n}, :zero) + :v${n}`);
        attributeValues[':zero'] = 0;
        n += 1;
      }
      attributeNames['#version'] = 'version';
      attributeValues[':one'] = 1;
      sets.push('#version = if_not_exists(#version, :zero) + :one');
      attributeValues[':zero'] = 0;
      if (options.now) {
        attributeNames['#updatedAt'] = 'updatedAt';
        attributeValues[':now'] = options.now;
        sets.push('#updatedAt = :now');
      }
      const conditions: string[] = [];
      if (options.mustExist !== false) conditions.push('attribute_exists(#pk)');
      if (options.expectedVersion !== undefined) {
        conditions.push('#version = :expected');
        attributeValues[':expected'] = options.expectedVersion;
      }
      if (options.condition) {
        conditions.push(options.condition.expression);
        Object.assign(attributeValues, options.condition.values);
      }
      return {
        TableName: tableName(),
        Key: { [partitionKey]: primary.pk, [sortKey]: primary.sk },
        UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
        ...(conditions.length ? { ConditionExpression: conditions.join(' AND ') } : {}),
        ExpressionAttributeNames: { ...attributeNames, ...(conditions.length ? { '#pk': partitionKey } : {}) },
        ExpressionAttributeValues: attributeValues,
      };
    },

    deleteParams(
      key: Key,
      options: {
        expectedVersion?: number;
        mustExist?: boolean;
        condition?: { expression: string; names?: Record<string, string>; values: Attributes };
      } = {},
    ) {
      const primary = definition.key(key);
      const conditions: string[] = [];
      const attributeNames: Record<string, string> = {};
      const attributeValues: Attributes = {};
      if (options.mustExist) {
        conditions.push('attribute_exists(#pk)');
        attributeNames['#pk'] = partitionKey;
      }
      if (options.expectedVersion !== undefined) {
        conditions.push('#version = :expected');
        attributeNames['#version'] = 'version';
        attributeValues[':expected'] = options.expectedVersion;
      }
      if (options.condition) {
        conditions.push(options.condition.expression);
        Object.assign(attributeNames, options.condition.names);
        Object.assign(attributeValues, options.condition.values);
      }
      return {
        TableName: tableName(),
        Key: { [partitionKey]: primary.pk, [sortKey]: primary.sk },
        ...(conditions.length ? { ConditionExpression: conditions.join(' AND ') } : {}),
        ...(Object.keys(attributeNames).length ? { ExpressionAttributeNames: attributeNames } : {}),
        ...(Object.keys(attributeValues).length ? { ExpressionAttributeValues: attributeValues } : {}),
      };
    },

    async put(key: Key, item: Item, options: PutOptions = {}): Promise<void> {
      await dynamo().send(new PutCommand(this.putParams(key, item, options) as PutCommandInput));
    },

    async update(
      key: Key,
      changes: Partial<Item>,
      options: Parameters<typeof this.updateParams>[2] = {},
    ): Promise<Item> {
      const { Attributes: after } = await dynamo().send(
        new UpdateCommand({ ...this.updateParams(key, changes, options), ReturnValues: 'ALL_NEW' }),
      );
      return toItem(after)!;
    },

    async delete(key: Key, options: Parameters<typeof this.deleteParams>[1] = {}): Promise<void> {
      await dynamo().send(new DeleteCommand(this.deleteParams(key, options)));
    },
  };
  return { entity, query };
}

export function defineEntity<Item extends object, Key extends object>(definition: EntityDefinition<Key>) {
  const { entity } = operations<Item, Key>(definition, {});
  return {
    ...entity,

    /**
     * The entity with its named access patterns: `entity.query.<name>(params, options)`. The index
     * patterns also give the index attributes every write of the returned entity stores.
     */
    withQueries<Queries extends Record<string, QueryPattern<Item>>>(
      queries: Queries & NoInfer<CheckedQueries<Item, Queries>>,
    ) {
      const built = operations<Item, Key>(definition, queries);
      return { ...built.entity, query: namedQueries(queries, built.query) as NamedQueries<Item, Queries> };
    },
  };
}

export type Entity<Item extends object, Key extends object> = ReturnType<typeof defineEntity<Item, Key>>;
