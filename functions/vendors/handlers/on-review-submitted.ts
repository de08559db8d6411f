import { eventSubscription } from '#shared/events/subscription.ts';
import { logger } from '#shared/lib/logger.ts';
import { reviews } from '../wiring.ts';

/** review.submitted → the review is stored and the rating moves, once per review id. */
export const handler = eventSubscription('review.submitted', async (event) => {
  const outcome = await reviews().recordReview(event.data, event.correlationId);
  logger.info('review from review.submitted', {
    vendorId: event.data.vendorId,
    reviewId: event.data.reviewId,
    outcome,
  });
});
