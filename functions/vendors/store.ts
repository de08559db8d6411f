import type { EventEnvelope } from '#shared/events/catalog.ts';
import { MEMBER_PREFIX, vendorMemberKey, vendorPartition } from '#shared/auth/vendor-staff.ts';
import { defineEntity, isConditionFailure } from '#shared/table/entity.ts';
import type { NamedQuery, PrefixQueryOptions } from '#shared/table/named-queries.ts';
import { commitWithEvents, committing, tx, type TransactItem } from '#shared/table/transact.ts';
import {
  type HistoryEntry,
  type Invitation,
  type Member,
  type Review,
  type ScheduleRecord,
  type Service,
  type Vendor,
  type VendorDocument,
  type VendorStatus,
  type VendorsStore,
  type Write,
} from './model.ts';

/**
 * The vendors domain's items on the single table. A vendor and everything it owns share one
 * partition, so the use cases read it with GetItem/Query and change it in one transaction:
 *
 *   pk VENDOR#<id>  sk PROFILE                      vendor       gsi1 VENDOR_STATUS#<status> / <updatedAt>#<id>
 *                                                                gsi2 APPLICANT#<userId> / <createdAt>#<id>
 *   pk VENDOR#<id>  sk SERVICE#<serviceId>          service
 *   pk VENDOR#<id>  sk SCHEDULE                     opening hours
 *   pk VENDOR#<id>  sk MEMBER#<userId>              staff member gsi1 MEMBER_OF#<userId> / VENDOR#<id>
 *   pk VENDOR#<id>  sk INVITE#<invitationId>        invitation (TTL)
 *   pk VENDOR#<id>  sk DOC#<documentId>             licence/permit document
 *   pk VENDOR#<id>  sk HISTORY#<entryId>            status history (ULID: in time order)
 *   pk VENDOR#<id>  sk REVIEW#<reviewId>            review
 *   pk ACCEPT_ATTEMPTS#<userId>  sk HOUR#<YYYY-MM-DDTHH>   invitation attempts of a user in that hour (TTL)
 *
 * See docs/data-model.md.
 */

/** Sort-key prefixes of the kinds listed in a vendor's partition (a member's: shared/auth/vendor-staff.ts). */
const SORT_KEY_PREFIX = {
  service: 'SERVICE#',
  member: MEMBER_PREFIX,
  invitation: 'INVITE#',
  document: 'DOC#',
  history: 'HISTORY#',
  review: 'REVIEW#',
} as const;

const OPEN_STATUSES = new Set(['draft', 'submitted']);

const vendors = defineEntity<Vendor, { vendorId: string }>({
  type: 'vendor',
  version: 1,
  key: ({ vendorId }) => ({ pk: vendorPartition({ vendorId }), sk: 'PROFILE' }),
}).withQueries({
  byStatus: {
    index: 'gsi1',
    partition: ({ status }: { status: VendorStatus }) => `VENDOR_STATUS#${status}`,
    sort: (vendor) => `${vendor.updatedAt}#${vendor.vendorId}`,
  },
  byApplicant: {
    index: 'gsi2',
    partition: ({ applicantId }: { applicantId: string }) => `APPLICANT#${applicantId}`,
    sort: (vendor) => `${vendor.createdAt}#${vendor.vendorId}`,
  },
});

const services = defineEntity<Service, { vendorId: string; serviceId: string }>({
  type: 'service',
  version: 1,
  key: ({ vendorId, serviceId }) => ({
    pk: vendorPartition({ vendorId }),
    sk: `${SORT_KEY_PREFIX.service}${serviceId}`,
  }),
}).withQueries({ ofVendor: { partition: vendorPartition, beginsWith: SORT_KEY_PREFIX.service } });

const schedules = defineEntity<ScheduleRecord, { vendorId: string }>({
  type: 'schedule',
  version: 1,
  key: ({ vendorId }) => ({ pk: vendorPartition({ vendorId }), sk: 'SCHEDULE' }),
});

const members = defineEntity<Member, { vendorId: string; userId: string }>({
  type: 'member',
  version: 1,
  key: ({ vendorId, userId }) => vendorMemberKey(vendorId, userId),
}).withQueries({
  ofVendor: { partition: vendorPartition, beginsWith: SORT_KEY_PREFIX.member },
  // A user's memberships, each sorted by its vendor's partition.
  ofUser: {
    index: 'gsi1',
    partition: ({ userId }: { userId: string }) => `MEMBER_OF#${userId}`,
    sort: (member) => vendorPartition(member),
  },
});

const invitations = defineEntity<Invitation, { vendorId: string; invitationId: string }>({
  type: 'invitation',
  version: 1,
  key: ({ vendorId, invitationId }) => ({
    pk: vendorPartition({ vendorId }),
    sk: `${SORT_KEY_PREFIX.invitation}${invitationId}`,
  }),
}).withQueries({ ofVendor: { partition: vendorPartition, beginsWith: SORT_KEY_PREFIX.invitation } });

/** A user's invitation attempts in one hour (the per-caller limit); gone by TTL after. */
interface AcceptAttempts {
  userId: string;
  window: string;
  attempts: number;
  expiresAt: number;
}

const acceptAttempts = defineEntity<AcceptAttempts, { userId: string; window: string }>({
  type: 'acceptAttempts',
  version: 1,
  key: ({ userId, window }) => ({ pk: `ACCEPT_ATTEMPTS#${userId}`, sk: `HOUR#${window}` }),
});

const documents = defineEntity<VendorDocument, { vendorId: string; documentId: string }>({
  type: 'vendorDocument',
  version: 1,
  key: ({ vendorId, documentId }) => ({
    pk: vendorPartition({ vendorId }),
    sk: `${SORT_KEY_PREFIX.document}${documentId}`,
  }),
}).withQueries({ ofVendor: { partition: vendorPartition, beginsWith: SORT_KEY_PREFIX.document } });

const history = defineEntity<HistoryEntry, { vendorId: string; entryId: string }>({
  type: 'vendorHistory',
  version: 1,
  key: ({ vendorId, entryId }) => ({ pk: vendorPartition({ vendorId }), sk: `${SORT_KEY_PREFIX.history}${entryId}` }),
}).withQueries({ ofVendor: { partition: vendorPartition, beginsWith: SORT_KEY_PREFIX.history } });

const reviews = defineEntity<Review, { vendorId: string; reviewId: string }>({
  type: 'review',
  version: 1,
  key: ({ vendorId, reviewId }) => ({ pk: vendorPartition({ vendorId }), sk: `${SORT_KEY_PREFIX.review}${reviewId}` }),
}).withQueries({ ofVendor: { partition: vendorPartition, beginsWith: SORT_KEY_PREFIX.review } });

/** Every item a named query of a vendor's partition finds, all pages (bounded by the domain's limits). */
async function all<T>(query: NamedQuery<T, { vendorId: string }, PrefixQueryOptions>, vendorId: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await query({ vendorId }, { cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return items;
}

function toTransactItem(write: Write): TransactItem {
  const created = { mustNotExist: true };
  /** A create, or a replace of the stored version (`null`: none yet). */
  const createdOr = (expectedVersion: number | null) => (expectedVersion === null ? created : { expectedVersion });
  switch (write.type) {
    case 'vendor':
      return tx.put(vendors.putParams(write.item, write.item, createdOr(write.expectedVersion)));
    case 'service':
      return tx.put(services.putParams(write.item, write.item, createdOr(write.expectedVersion)));
    case 'deleteService':
      return tx.delete(services.deleteParams(write, { expectedVersion: write.expectedVersion }));
    case 'schedule':
      return tx.put(schedules.putParams(write.item, write.item, createdOr(write.expectedVersion)));
    case 'member':
      return tx.put(members.putParams(write.item, write.item, created));
    case 'deleteMember':
      return tx.delete(members.deleteParams(write, { mustExist: true }));
    case 'invitation':
      return tx.put(invitations.putParams(write.item, write.item, created));
    case 'deleteInvitation':
      return tx.delete(invitations.deleteParams(write, { mustExist: true }));
    case 'document':
      return tx.put(documents.putParams(write.item, write.item, created));
    case 'history':
      return tx.put(history.putParams(write.item, write.item, created));
    case 'review':
      return tx.put(reviews.putParams(write.item, write.item, created));
  }
}

export function dynamoVendorsStore(): VendorsStore {
  return {
    getVendor: (vendorId) => vendors.get({ vendorId }),

    vendorsByStatus: (status, page) => vendors.query.byStatus({ status }, { limit: page.limit, cursor: page.cursor }),

    async countOpenApplications(applicantId) {
      // Open applications are the newest ones.
      const page = await vendors.query.byApplicant({ applicantId }, { limit: 100, newestFirst: true });
      return page.items.filter((vendor) => OPEN_STATUSES.has(vendor.status)).length;
    },

    getMember: (vendorId, userId) => members.get({ vendorId, userId }),
    members: (vendorId) => all(members.query.ofVendor, vendorId),
    async membershipsOf(userId) {
      return (await members.query.ofUser({ userId }, { limit: 100 })).items;
    },

    invitations: (vendorId) => all(invitations.query.ofVendor, vendorId),
    getInvitation: (vendorId, invitationId) => invitations.get({ vendorId, invitationId }),

    async countInvitationAttempt(vendorId, invitationId, max) {
      try {
        const after = await invitations.update(
          { vendorId, invitationId },
          {},
          {
            add: { attempts: 1 },
            condition: { expression: '(attribute_not_exists(attempts) OR attempts < :max)', values: { ':max': max } },
          },
        );
        return after.attempts ?? 1;
      } catch (error) {
        if (isConditionFailure(error)) return undefined;
        throw error;
      }
    },

    async countAcceptAttempt(userId, window, max, expiresAt) {
      try {
        await acceptAttempts.update(
          { userId, window },
          { userId, window, expiresAt },
          {
            // The first attempt of the hour creates the item (#pk: the table's partition key).
            mustExist: false,
            add: { attempts: 1 },
            condition: { expression: '(attribute_not_exists(#pk) OR attempts < :max)', values: { ':max': max } },
          },
        );
        return true;
      } catch (error) {
        if (isConditionFailure(error)) return false;
        throw error;
      }
    },

    services: (vendorId) => all(services.query.ofVendor, vendorId),
    getService: (vendorId, serviceId) => services.get({ vendorId, serviceId }),
    getSchedule: (vendorId) => schedules.get({ vendorId }),
    documents: (vendorId) => all(documents.query.ofVendor, vendorId),

    history: (vendorId, page) => history.query.ofVendor({ vendorId }, { limit: page.limit, cursor: page.cursor }),
    reviews: (vendorId, page) =>
      reviews.query.ofVendor({ vendorId }, { limit: page.limit, cursor: page.cursor, newestFirst: true }),
    getReview: (vendorId, reviewId) => reviews.get({ vendorId, reviewId }),

    async commit(writes, events: EventEnvelope[]) {
      await committing(() => commitWithEvents(writes.map(toTransactItem), events));
    },
  };
}
