import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './client.ts';
import { tableName } from './definition.ts';
import { ADDRESS_PREFIX, userPartition } from './user-partition.ts';

/**
 * A customer's saved address: written by the users domain, read by shipping (where a parcel goes)
 * through this one key shape. The key holds the owner, so finding the item is the ownership check.
 */
export const addressKey = (userId: string, addressId: string) => ({
  pk: userPartition({ userId }),
  sk: `${ADDRESS_PREFIX}${addressId}`,
});

/** What a courier needs of an address. */
export interface SavedAddress {
  addressId: string;
  recipientName: string;
  phone: string;
  line1: string;
  line2: string | null;
  city: string;
  province: string;
  postalCode: string;
  lat: number;
  lon: number;
}

const FIELDS = ['recipientName', 'phone', 'line1', 'line2', 'city', 'province', 'postalCode', 'lat', 'lon'] as const;

/** The caller's address, or undefined when they have no address with that id. */
export async function ownedAddress(userId: string, addressId: string): Promise<SavedAddress | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(),
      Key: addressKey(userId, addressId),
      ProjectionExpression: FIELDS.map((_field, index) => `#f${index}`).join(', '),
      ExpressionAttributeNames: Object.fromEntries(FIELDS.map((field, index) => [`#f${index}`, field])),
    }),
  );
  if (!Item) return undefined;
  return {
    addressId,
    recipientName: String(Item.recipientName),
    phone: String(Item.phone),
    line1: String(Item.line1),
    line2: typeof Item.line2 === 'string' ? Item.line2 : null,
    city: String(Item.city),
    province: String(Item.province),
    postalCode: String(Item.postalCode),
    lat: Number(Item.lat),
    lon: Number(Item.lon),
  };
}
