import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { profiles } from '../wiring.ts';

/**
 * user.registered (rule → SQS → here) → the user's profile. Idempotent: the profile is created
 * only if it does not exist, so redeliveries change nothing.
 */
export const handler = eventSubscription('user.registered', async (event) => {
  const outcome = await profiles().createProfile(event);
  logger.info('profile from user.registered', { userId: event.data.userId, outcome });
});
