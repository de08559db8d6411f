import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { dynamo } from './client.ts';
import { tableDefinition, tableName } from './definition.ts';
import { isConditionFailure } from './entity.ts';

/**
 * Idempotency records on the one table (docs/decisions/0022): one item per caller, key and route,
 * written only with conditional writes. A request claims the record (in progress, with its own
 * ownership token and a lock that ends when its Lambda would be stopped); only the holder
 * completes it (stores the answer) or releases it (deletes it), each conditional on its token, so
 * a request that lost the race can never touch it.
 */
export interface StoredResponse {
  statusCode: number;
  headers: Record<string, string>;
  body?: string;
  isBase64Encoded?: boolean;
}

export interface IdempotencyRecord {
  status: 'in_progress' | 'completed';
  payloadHash: string;
  /** Epoch ms: an in-progress record past this is abandoned (its request was stopped) and can be taken over. */
  lockedUntil: number;
  /** Epoch seconds (the table's TTL attribute): past this the record is gone for every purpose. */
  expiresAt: number;
  response?: StoredResponse;
}

export interface RecordScope {
  /** The caller's user id, or `public`. */
  caller: string;
  /** The client's Idempotency-Key (1-255 visible ASCII characters). */
  key: string;
  /** `<METHOD> <path template>`. */
  route: string;
}

export const IDEMPOTENCY_PREFIX = 'IDEMPOTENCY#';
const TYPE = 'IdempotencyRecord';

/** One partition per caller and key (not one per route: a busy route would be a hot partition). */
export function idempotencyRecordKey(scope: RecordScope): { pk: string; sk: string } {
  return { pk: `${IDEMPOTENCY_PREFIX}${scope.caller}#${scope.key}`, sk: scope.route };
}

const keyOf = (scope: RecordScope) => {
  const { pk, sk } = idempotencyRecordKey(scope);
  return { [tableDefinition.partitionKey]: pk, [tableDefinition.sortKey]: sk };
};

const TTL = tableDefinition.timeToLiveAttribute;

/** Not claimed: the record that stands, or none when it was deleted in between (then try again). */
export type ClaimResult = { claimed: true } | { claimed: false; existing: IdempotencyRecord | undefined };

function recordOf(item: Record<string, unknown>): IdempotencyRecord {
  return {
    status: item.status as IdempotencyRecord['status'],
    payloadHash: String(item.payloadHash),
    lockedUntil: Number(item.lockedUntil ?? 0),
    expiresAt: Number(item[TTL] ?? 0),
    ...(item.response ? { response: item.response as StoredResponse } : {}),
  };
}

/** True when the record no longer stands in the way of a request with this payload. */
export function isClaimable(record: IdempotencyRecord, payloadHash: string, nowMs: number): boolean {
  if (record.expiresAt * 1000 <= nowMs) return true;
  return record.status === 'in_progress' && record.lockedUntil <= nowMs && record.payloadHash === payloadHash;
}

export const idempotencyRecords = {
  /**
   * Claims the record for one request: succeeds when there is none, when it has expired, or when
   * an earlier request with the same payload held it and was stopped (its lock ended). Otherwise
   * answers the record that stands.
   */
  async claim(
    scope: RecordScope,
    input: { payloadHash: string; token: string; lockedUntil: number; expiresAt: number; nowMs: number },
  ): Promise<ClaimResult> {
    try {
      await dynamo().send(
        new PutCommand({
          TableName: tableName(),
          Item: {
            ...keyOf(scope),
            _type: TYPE,
            _v: 1,
            status: 'in_progress',
            payloadHash: input.payloadHash,
            owner: input.token,
            lockedUntil: input.lockedUntil,
            [TTL]: input.expiresAt,
            createdAt: new Date(input.nowMs).toISOString(),
          },
          ConditionExpression:
            'attribute_not_exists(#pk) OR #ttl <= :nowSeconds OR (#status = :inProgress AND lockedUntil <= :nowMs AND payloadHash = :hash)',
          ExpressionAttributeNames: { '#pk': tableDefinition.partitionKey, '#ttl': TTL, '#status': 'status' },
          ExpressionAttributeValues: {
            ':nowSeconds': Math.floor(input.nowMs / 1000),
            ':nowMs': input.nowMs,
            ':inProgress': 'in_progress',
            ':hash': input.payloadHash,
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { claimed: true };
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const old = (error as { Item?: Record<string, AttributeValue> }).Item;
      return { claimed: false, existing: old ? recordOf(unmarshall(old)) : await idempotencyRecords.get(scope) };
    }
  },

  async get(scope: RecordScope): Promise<IdempotencyRecord | undefined> {
    const result = await dynamo().send(
      new GetCommand({ TableName: tableName(), Key: keyOf(scope), ConsistentRead: true }),
    );
    return result.Item ? recordOf(result.Item) : undefined;
  },

  /** Stores the answer; only the holder can (false when its claim was lost). */
  async complete(scope: RecordScope, token: string, response: StoredResponse, expiresAt: number): Promise<boolean> {
    try {
      await dynamo().send(
        new UpdateCommand({
          TableName: tableName(),
          Key: keyOf(scope),
          UpdateExpression: 'SET #status = :completed, #response = :response, #ttl = :expiresAt REMOVE lockedUntil',
          ConditionExpression: '#owner = :token AND #status = :inProgress',
          ExpressionAttributeNames: { '#status': 'status', '#response': 'response', '#ttl': TTL, '#owner': 'owner' },
          ExpressionAttributeValues: {
            ':completed': 'completed',
            ':inProgress': 'in_progress',
            ':response': response,
            ':expiresAt': expiresAt,
            ':token': token,
          },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },

  /** Deletes the record so the key can be used again; only the holder can (false when its claim was lost). */
  async release(scope: RecordScope, token: string): Promise<boolean> {
    try {
      await dynamo().send(
        new DeleteCommand({
          TableName: tableName(),
          Key: keyOf(scope),
          ConditionExpression: '#owner = :token AND #status = :inProgress',
          ExpressionAttributeNames: { '#owner': 'owner', '#status': 'status' },
          ExpressionAttributeValues: { ':token': token, ':inProgress': 'in_progress' },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  },
};
