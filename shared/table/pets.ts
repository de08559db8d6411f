import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Species } from '../lib/pet-care.ts';
import { dynamo } from './client.ts';
import { tableName } from './definition.ts';
import { PET_PREFIX, userPartition } from './user-partition.ts';

/**
 * A customer's pet: written by the users domain, read by booking (whose pet, which species) through
 * this one key shape. The key holds the owner, so finding the item is the ownership check.
 */
export const petKey = (userId: string, petId: string) => ({
  pk: userPartition({ userId }),
  sk: `${PET_PREFIX}${petId}`,
});

/** The caller's pet, or undefined when they have no pet with that id. */
export async function ownedPet(
  userId: string,
  petId: string,
): Promise<{ petId: string; name: string; species: Species } | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(),
      Key: petKey(userId, petId),
      ProjectionExpression: '#name, species',
      ExpressionAttributeNames: { '#name': 'name' },
    }),
  );
  return Item ? { petId, name: String(Item.name), species: Item.species as Species } : undefined;
}
