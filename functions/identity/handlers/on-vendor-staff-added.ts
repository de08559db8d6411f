import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { grantStaffGroup } from '../identity.ts';
import { identityProvider } from '../provider.ts';

/** vendor.staff_added (rule → SQS → here) → the member's Cognito group. Idempotent. */
export const handler = eventSubscription('vendor.staff_added', async (event) => {
  await grantStaffGroup({ provider: identityProvider() }, event.data);
  logger.info('group from vendor.staff_added', {
    vendorId: event.data.vendorId,
    userId: event.data.userId,
    group: event.data.role,
  });
});
