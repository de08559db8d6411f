import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './client.ts';
import { tableName } from './definition.ts';
import { userPartition } from './user-partition.ts';

/**
 * A user's profile: written by the users domain (from `user.registered`, i.e. only once the user
 * proved the email or phone number they signed up with), read through this one key shape by the
 * domains that need one fact of it — each reader projects only its fields:
 * - vendors: the verified contact, to bind a staff invitation to the person it was sent to;
 * - booking: the name the person chose, to sign their reviews (shortened: shared/lib/display-name.ts).
 * Neither email nor phone can be changed through the profile API (PATCH /v1/me takes name and locale).
 */
export const profileKey = (userId: string) => ({ pk: userPartition({ userId }), sk: 'PROFILE' });

export interface VerifiedContact {
  email: string | null;
  phone: string | null;
}

/** The email and phone number the user verified, or undefined while their profile is being set up. */
export async function verifiedContact(userId: string): Promise<VerifiedContact | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(),
      Key: profileKey(userId),
      ProjectionExpression: 'email, phone',
      ConsistentRead: true,
    }),
  );
  if (!Item) return undefined;
  return {
    email: typeof Item.email === 'string' ? Item.email : null,
    phone: typeof Item.phone === 'string' ? Item.phone : null,
  };
}

/** The name the user chose for their profile (in full: shorten it before showing it to others). */
export async function chosenName(userId: string): Promise<string | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(),
      Key: profileKey(userId),
      ProjectionExpression: '#name',
      ExpressionAttributeNames: { '#name': 'name' },
    }),
  );
  return typeof Item?.name === 'string' ? Item.name : undefined;
}
