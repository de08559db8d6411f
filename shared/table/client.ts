import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

let baseClient: DynamoDBClient | undefined;
let documentClient: DynamoDBDocumentClient | undefined;

/** The low-level client, for libraries that take one (e.g. the idempotency record's store). */
export function dynamoClient(): DynamoDBClient {
  baseClient ??= new DynamoDBClient({});
  return baseClient;
}

/** One client per process; the endpoint comes from AWS_ENDPOINT_URL_DYNAMODB when set. */
export function dynamo(): DynamoDBDocumentClient {
  documentClient ??= DynamoDBDocumentClient.from(dynamoClient(), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return documentClient;
}
