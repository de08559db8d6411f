import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { STAFF_ROLES, vendorMemberKey, type StaffRole } from '../auth/vendor-staff.ts';
import { dynamo } from './client.ts';
import { tableName } from './definition.ts';

/** The user's role at the vendor (the vendors domain's membership item), or undefined when they are not its staff. */
export async function vendorStaffRole(vendorId: string, userId: string): Promise<StaffRole | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(),
      Key: vendorMemberKey(vendorId, userId),
      ProjectionExpression: '#role',
      ExpressionAttributeNames: { '#role': 'role' },
    }),
  );
  const role: unknown = Item?.role;
  return STAFF_ROLES.find((known) => known === role);
}
