import { isConditionFailure, defineEntity } from '#shared/table/entity.ts';
import { tableDefinition, tableName } from '#shared/table/definition.ts';
import { commitWithEvents, committing, tx, type TransactItem } from '#shared/table/transact.ts';
import {
  UNPAID_STATUSES,
  type Booking,
  type BookingReview,
  type BookingStore,
  type CalendarToken,
  type PetAgenda,
  type SlotCounter,
  type UnpaidHolds,
  type VendorListing,
  type Write,
} from './model.ts';

/**
 * The booking domain's items:
 *
 *   pk BOOKING#<id>                      sk BOOKING   booking   gsi1 CUSTOMER_BOOKINGS#<customerId> / <start>#<id>
 *                                                              gsi2 VENDOR_BOOKINGS#<vendorId> / <start>#<id>
 *   pk BOOKING#<id>                      sk REVIEW    the booking's review (once)
 *   pk SLOTS#<vendorId>#<serviceId>      sk <start>   slot counter: `taken`, conditioned on the capacity
 *   pk PET_AGENDA#<petId>                sk AGENDA    the pet's active bookings (versioned: no overlaps)
 *   pk UNPAID_HOLDS#<customerId>         sk HOLDS     the customer's unpaid prepaid bookings (versioned: the limit)
 *   pk BOOKING_HOLDS_OPEN                sk <holdExpiresAt>#<id>   unpaid prepaid holds, for the sweeper
 *   pk BOOKING_VENDOR#<vendorId>         sk LISTING   the vendor's listing as booking needs it (newest wins)
 *   pk BOOKING_CALENDAR#<vendorId>       sk TOKEN     hash of the vendor's secret calendar link
 */
const bookings = defineEntity<Booking, { bookingId: string }>({
  type: 'booking',
  version: 1,
  key: ({ bookingId }) => ({ pk: `BOOKING#${bookingId}`, sk: 'BOOKING' }),
}).withQueries({
  byCustomer: {
    index: 'gsi1',
    partition: ({ customerId }: { customerId: string }) => `CUSTOMER_BOOKINGS#${customerId}`,
    sort: (booking) => `${booking.start}#${booking.bookingId}`,
  },
  byVendor: {
    index: 'gsi2',
    partition: ({ vendorId }: { vendorId: string }) => `VENDOR_BOOKINGS#${vendorId}`,
    sort: (booking) => `${booking.start}#${booking.bookingId}`,
  },
});

const reviews = defineEntity<BookingReview, { bookingId: string }>({
  type: 'bookingReview',
  version: 1,
  key: ({ bookingId }) => ({ pk: `BOOKING#${bookingId}`, sk: 'REVIEW' }),
});

const serviceSlots = ({ vendorId, serviceId }: { vendorId: string; serviceId: string }) =>
  `SLOTS#${vendorId}#${serviceId}`;
const counters = defineEntity<SlotCounter, Omit<SlotCounter, 'taken'>>({
  type: 'slotCounter',
  version: 1,
  key: (counter) => ({ pk: serviceSlots(counter), sk: counter.start }),
}).withQueries({ ofService: { partition: serviceSlots } });

const agendas = defineEntity<PetAgenda, { petId: string }>({
  type: 'petAgenda',
  version: 1,
  key: ({ petId }) => ({ pk: `PET_AGENDA#${petId}`, sk: 'AGENDA' }),
});

const unpaid = defineEntity<UnpaidHolds, { customerId: string }>({
  type: 'unpaidHolds',
  version: 1,
  key: ({ customerId }) => ({ pk: `UNPAID_HOLDS#${customerId}`, sk: 'HOLDS' }),
});

const OPEN_HOLDS = 'BOOKING_HOLDS_OPEN';
const openHolds = defineEntity<
  { bookingId: string; holdExpiresAt: string },
  { bookingId: string; holdExpiresAt: string }
>({
  type: 'openHold',
  version: 1,
  key: ({ bookingId, holdExpiresAt }) => ({ pk: OPEN_HOLDS, sk: `${holdExpiresAt}#${bookingId}` }),
}).withQueries({ all: { partition: OPEN_HOLDS } });

const listings = defineEntity<VendorListing, { vendorId: string }>({
  type: 'bookingListing',
  version: 1,
  key: ({ vendorId }) => ({ pk: `BOOKING_VENDOR#${vendorId}`, sk: 'LISTING' }),
});

const calendarTokens = defineEntity<CalendarToken, { vendorId: string }>({
  type: 'calendarToken',
  version: 1,
  key: ({ vendorId }) => ({ pk: `BOOKING_CALENDAR#${vendorId}`, sk: 'TOKEN' }),
});

const { partitionKey, sortKey } = tableDefinition;

/** The slot counter moves by one, never above the capacity nor below zero: the database holds the invariant. */
function slotUpdate(counter: Omit<SlotCounter, 'taken'>, delta: 1 | -1, capacity?: number): TransactItem {
  const key = counters.key(counter);
  return tx.update({
    TableName: tableName(),
    Key: { [partitionKey]: key.pk, [sortKey]: key.sk },
    UpdateExpression:
      'SET #taken = if_not_exists(#taken, :zero) + :delta, #vendorId = :vendorId, #serviceId = :serviceId, #start = :start, #type = :type',
    ConditionExpression: delta === 1 ? 'attribute_not_exists(#taken) OR #taken < :capacity' : '#taken > :zero',
    ExpressionAttributeNames: {
      '#taken': 'taken',
      '#vendorId': 'vendorId',
      '#serviceId': 'serviceId',
      '#start': 'start',
      '#type': '_type',
    },
    ExpressionAttributeValues: {
      ':zero': 0,
      ':delta': delta,
      ':vendorId': counter.vendorId,
      ':serviceId': counter.serviceId,
      ':start': counter.start,
      ':type': 'slotCounter',
      ...(delta === 1 ? { ':capacity': capacity } : {}),
    },
  });
}

/** Each write as transaction items, and what a failed condition at each item means. */
function itemsOf(write: Write): { items: TransactItem[]; meaning: string } {
  switch (write.type) {
    case 'booking': {
      const booking = write.item;
      const options =
        write.expectedVersion === null ? { mustNotExist: true } : { expectedVersion: write.expectedVersion };
      const items = [tx.put(bookings.putParams(booking, booking, options))];
      // The sweeper's list holds unpaid prepaid bookings only.
      if (booking.holdExpiresAt) {
        const hold = { bookingId: booking.bookingId, holdExpiresAt: booking.holdExpiresAt };
        items.push(
          UNPAID_STATUSES.has(booking.status)
            ? tx.put(openHolds.putParams(hold, hold))
            : tx.delete(openHolds.deleteParams(hold, { mustExist: false })),
        );
      }
      return { items, meaning: 'booking' };
    }
    case 'takeSlot':
      return { items: [slotUpdate(write.counter, 1, write.capacity)], meaning: 'slot' };
    case 'releaseSlot':
      return { items: [slotUpdate(write.counter, -1)], meaning: 'slotRelease' };
    case 'petAgenda': {
      const options =
        write.expectedVersion === null ? { mustNotExist: true } : { expectedVersion: write.expectedVersion };
      return { items: [tx.put(agendas.putParams(write.item, write.item, options))], meaning: 'petAgenda' };
    }
    case 'unpaidHolds': {
      const options =
        write.expectedVersion === null ? { mustNotExist: true } : { expectedVersion: write.expectedVersion };
      return { items: [tx.put(unpaid.putParams(write.item, write.item, options))], meaning: 'unpaidHolds' };
    }
    case 'review':
      return { items: [tx.put(reviews.putParams(write.item, write.item, { mustNotExist: true }))], meaning: 'review' };
  }
}

export function dynamoBookingStore(): BookingStore {
  return {
    getBooking: (bookingId) => bookings.get({ bookingId }, { consistent: true }),
    listing: (vendorId) => listings.get({ vendorId }),

    async saveListing(listing) {
      try {
        await listings.put({ vendorId: listing.vendorId }, listing, { newerThanStored: 'listingVersion' });
        return 'saved';
      } catch (error) {
        if (isConditionFailure(error)) return 'stale';
        throw error;
      }
    },

    async counters(vendorId, serviceId, from, to) {
      const found: SlotCounter[] = [];
      let cursor: string | undefined;
      do {
        const page = await counters.query.ofService(
          { vendorId, serviceId },
          {
            between: { from, to },
            limit: 500,
            cursor,
          },
        );
        found.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return found;
    },

    petAgenda: (petId) => agendas.get({ petId }, { consistent: true }),
    unpaidHolds: (customerId) => unpaid.get({ customerId }, { consistent: true }),

    async customerBookings(customerId, limit, cursor) {
      // Newest appointments first: what is coming up and what just happened.
      return bookings.query.byCustomer({ customerId }, { limit, cursor, newestFirst: true });
    },

    async vendorBookings(vendorId, from, to) {
      const found: Booking[] = [];
      let cursor: string | undefined;
      do {
        const page = await bookings.query.byVendor(
          { vendorId },
          {
            between: { from, to },
            limit: 200,
            cursor,
          },
        );
        found.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor && found.length < 2_000);
      return found;
    },

    async staleHolds(before, limit) {
      const { items } = await openHolds.query.all({ before, limit });
      const found = await Promise.all(
        items.map((hold) => bookings.get({ bookingId: hold.bookingId }, { consistent: true })),
      );
      return found.filter((booking): booking is Booking => booking !== undefined);
    },

    calendarToken: (vendorId) => calendarTokens.get({ vendorId }),
    async saveCalendarToken(token) {
      if ('revoked' in token) await calendarTokens.delete({ vendorId: token.vendorId }, { mustExist: false });
      else await calendarTokens.put({ vendorId: token.vendorId }, token);
    },

    async commit(writes, events) {
      const parts = writes.map(itemsOf);
      const meanings = parts.flatMap((part) => part.items.map(() => part.meaning));
      await committing(
        () =>
          commitWithEvents(
            parts.flatMap((part) => part.items),
            events,
          ),
        (position) => meanings[position],
      );
    },
  };
}
