import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/table/client.ts';
import { tableName } from '#shared/table/definition.ts';

/** Reference: the AWS SDK DynamoDB document client alone, as every table-backed handler loads it (its init is the SDK tripwire in bench/budgets.ts). */
export const handler = async () => dynamo().send(new GetCommand({ TableName: tableName(), Key: { pk: 'a', sk: 'b' } }));
