import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './client.ts';
import { tableDefinition, tableName } from './definition.ts';
import type { TableKey } from './entity.ts';

/** An entity and the key of its item, as `get` takes it. */
interface Wanted<Item> {
  entity: { key(key: never): TableKey; fromStored(stored: Record<string, unknown>): Item | undefined };
  key: unknown;
}

type Found<Wants extends Record<string, Wanted<unknown>>> = {
  [Name in keyof Wants]: Wants[Name] extends Wanted<infer Item> ? Item | undefined : never;
};

/**
 * Items different entities keep side by side in one small partition (a cart and its quote), read in
 * one consistent Query instead of a GetItem each: the partition's items matched by sort key. Every
 * key must be in the same partition, and the partition must be small (it is read whole).
 */
export async function getTogether<Wants extends Record<string, Wanted<unknown>>>(wants: Wants): Promise<Found<Wants>> {
  const { partitionKey, sortKey } = tableDefinition;
  const keys = Object.entries(wants).map(([name, { entity, key }]) => ({
    name,
    entity,
    key: entity.key(key as never),
  }));
  const partition = keys[0]?.key.pk;
  if (partition === undefined || keys.some(({ key }) => key.pk !== partition))
    throw new Error('getTogether reads one partition: every key must share it');
  const { Items = [] } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: '#pk = :pk',
      ExpressionAttributeNames: { '#pk': partitionKey },
      ExpressionAttributeValues: { ':pk': partition },
      ConsistentRead: true,
    }),
  );
  const found: Record<string, unknown> = {};
  for (const { name, entity, key } of keys) {
    const stored = Items.find((item) => item[sortKey] === key.sk);
    found[name] = stored ? entity.fromStored(stored) : undefined;
  }
  return found as Found<Wants>;
}
