import type { EventData } from '#shared/events/catalog.ts';
import { refuse } from '#shared/lib/refusal.ts';
import type { Locale } from '#shared/lib/locale.ts';
import { ANONYMOUS_CUSTOMER, publicName } from '#shared/lib/display-name.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import type { Page, PageRequest, Review } from './model.ts';
import { EVENT_RETRY, vendorRules, type RecordPorts } from './vendors.ts';

/** A review as the public sees it: the reviewer's chosen short name, never an id. */
export function toReviewView(review: Review, locale: Locale) {
  return {
    reviewId: review.reviewId,
    authorName: publicName(review.displayName) ?? ANONYMOUS_CUSTOMER[locale],
    bookingId: review.bookingId,
    rating: review.rating,
    comment: review.comment,
    createdAt: review.createdAt,
  };
}

/** Reviews of completed bookings: stored once per review, the vendor's rating moved, listed for the public. */
export function reviewsService(ports: RecordPorts) {
  const { store, now, bump } = vendorRules(ports);

  return {
    /** From review.submitted: stores the review and moves the aggregate, once per review id. */
    async recordReview(
      data: EventData<'review.submitted'>,
      correlationId: string,
    ): Promise<'recorded' | 'duplicate' | 'unknown-vendor'> {
      return retryOnConflict(EVENT_RETRY, async () => {
        const vendor = await store.getVendor(data.vendorId);
        if (!vendor) return 'unknown-vendor';
        if (await store.getReview(data.vendorId, data.reviewId)) return 'duplicate';
        const displayName = publicName(data.displayName);
        const review: Review = {
          vendorId: data.vendorId,
          reviewId: data.reviewId,
          authorId: data.authorId,
          // The chosen name only (older events' `authorName` held an id: zod drops it unread).
          ...(displayName ? { displayName } : {}),
          bookingId: data.bookingId ?? null,
          rating: data.rating,
          comment: data.comment,
          createdAt: now().toISOString(),
        };
        const { writes, events } = await bump(
          vendor,
          { ratingSum: vendor.ratingSum + data.rating, reviewCount: vendor.reviewCount + 1 },
          correlationId,
        );
        writes.push({ type: 'review', item: review });
        await store.commit(writes, events);
        return 'recorded' as const;
      });
    },

    /** Public: each review signed with the name its author chose, or "Pelanggan PetPro" / "PetPro customer". */
    async listReviews(
      vendorId: string,
      page: PageRequest,
      locale: Locale,
    ): Promise<Page<ReturnType<typeof toReviewView>>> {
      const vendor = await store.getVendor(vendorId);
      if (!vendor || vendor.status !== 'approved') throw refuse.notFound();
      const found = await store.reviews(vendorId, page);
      return { items: found.items.map((review) => toReviewView(review, locale)), nextCursor: found.nextCursor };
    },
  };
}

export type ReviewsService = ReturnType<typeof reviewsService>;
