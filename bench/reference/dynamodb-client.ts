import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from '#shared/table/client.ts';

/** Reference: the AWS SDK DynamoDB document client alone, as every table-backed handler loads it. */
export const handler = async () => dynamo().send(new GetCommand({ TableName: 'reference', Key: { pk: 'a', sk: 'b' } }));
