import { defineEntity, isConditionFailure } from '#shared/table/entity.ts';
import { getTogether } from '#shared/table/get-together.ts';
import { commitWithEvents, committing, tx, type TransactItem } from '#shared/table/transact.ts';
import {
  adjustStockItem,
  commitItems,
  failedLines,
  releaseItems,
  reservation,
  reserveItems,
} from '#shared/table/stock.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import {
  CommitConflict,
  type Cart,
  type Checkout,
  type FailedStockLine,
  type Order,
  type OrdersStore,
  type ProductListing,
  type Quote,
  type VendorListing,
  type Write,
} from './model.ts';

/**
 * The orders domain's items:
 *
 *   pk CART#<customerId>          sk CART       the customer's cart (versioned)
 *   pk CART#<customerId>          sk QUOTE      the latest quote (shipping prices checkout charges)
 *   pk ORDER#<orderId>            sk ORDER      order   gsi1 CUSTOMER_ORDERS#<customerId> / <createdAt>#<orderId>
 *                                                       gsi2 VENDOR_ORDERS#<vendorId> / <status>#<createdAt>#<orderId>
 *   pk CHECKOUT#<checkoutId>      sk CHECKOUT   one checkout: its orders, the payment (its id is the stock reservation's)
 *                                                       gsi1 CHECKOUTS_AWAITING / <expiresAt>#<checkoutId> (pending_payment only: the sweeper's)
 *   pk ORDERS_DELIVERED           sk <deliveredAt>#<orderId>   delivered orders waiting to auto-complete
 *   pk ORDERS_PRODUCT#<productId> sk LISTING    orders' copy of product.listing_updated (newest wins)
 *   pk ORDERS_VENDOR#<vendorId>   sk LISTING    orders' copy of vendor.listing_updated (newest wins)
 *
 * and, in the same transactions, the catalog's stock items (shared/table/stock.ts).
 */
const cartPartition = (customerId: string) => `CART#${customerId}`;

const carts = defineEntity<Cart, { customerId: string }>({
  type: 'cart',
  version: 1,
  key: ({ customerId }) => ({ pk: cartPartition(customerId), sk: 'CART' }),
});

const quotes = defineEntity<Quote, { customerId: string }>({
  type: 'quote',
  version: 1,
  key: ({ customerId }) => ({ pk: cartPartition(customerId), sk: 'QUOTE' }),
});

/** A vendor's orders sort by status first: a status's orders are the sort keys that begin with this. */
const vendorStatusPrefix = (status: Order['status']) => `${status}#`;

const orders = defineEntity<Order, { orderId: string }>({
  type: 'order',
  version: 1,
  key: ({ orderId }) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' }),
}).withQueries({
  byCustomer: {
    index: 'gsi1',
    partition: ({ customerId }: { customerId: string }) => `CUSTOMER_ORDERS#${customerId}`,
    sort: (order) => `${order.createdAt}#${order.orderId}`,
  },
  byVendor: {
    index: 'gsi2',
    partition: ({ vendorId }: { vendorId: string }) => `VENDOR_ORDERS#${vendorId}`,
    sort: (order) => `${vendorStatusPrefix(order.status)}${order.createdAt}#${order.orderId}`,
  },
});

const checkouts = defineEntity<Checkout, { checkoutId: string }>({
  type: 'checkout',
  version: 1,
  key: ({ checkoutId }) => ({ pk: `CHECKOUT#${checkoutId}`, sk: 'CHECKOUT' }),
}).withQueries({
  // Sparse: only checkouts still holding stock for a payment, by expiry (the sweeper reads the overdue ones).
  awaitingPayment: {
    index: 'gsi1',
    partition: 'CHECKOUTS_AWAITING',
    sort: (checkout) => `${checkout.expiresAt}#${checkout.checkoutId}`,
    when: (checkout) => checkout.status === 'pending_payment',
  },
});

const DELIVERED = 'ORDERS_DELIVERED';
const delivered = defineEntity<{ orderId: string; deliveredAt: string }, { orderId: string; deliveredAt: string }>({
  type: 'deliveredOrder',
  version: 1,
  key: ({ orderId, deliveredAt }) => ({ pk: DELIVERED, sk: `${deliveredAt}#${orderId}` }),
}).withQueries({ all: { partition: DELIVERED } });

const products = defineEntity<ProductListing, { productId: string }>({
  type: 'ordersProduct',
  version: 1,
  key: ({ productId }) => ({ pk: `ORDERS_PRODUCT#${productId}`, sk: 'LISTING' }),
});

const vendors = defineEntity<VendorListing, { vendorId: string }>({
  type: 'ordersVendor',
  version: 1,
  key: ({ vendorId }) => ({ pk: `ORDERS_VENDOR#${vendorId}`, sk: 'LISTING' }),
});

const versioned = (expectedVersion: number | null) =>
  expectedVersion === null ? { mustNotExist: true } : { expectedVersion };

async function newest(save: () => Promise<void>): Promise<'saved' | 'stale'> {
  try {
    await save();
    return 'saved';
  } catch (error) {
    if (isConditionFailure(error)) return 'stale';
    throw error;
  }
}

/** Each write as transaction items. */
function itemsOf(write: Write): TransactItem[] {
  switch (write.type) {
    case 'order':
      return [tx.put(orders.putParams(write.item, write.item, versioned(write.expectedVersion)))];
    case 'checkout':
      return [tx.put(checkouts.putParams(write.item, write.item, versioned(write.expectedVersion)))];
    case 'cart':
      return [tx.put(carts.putParams(write.item, write.item, versioned(write.expectedVersion)))];
    case 'reserveStock':
      return reserveItems(write.reservationId, write.lines);
    case 'releaseStock':
      return releaseItems(write.reservationId, write.lines);
    case 'commitStock':
      return commitItems(write.reservationId, write.lines);
    case 'restock':
      return write.lines.map((line) => adjustStockItem(line.productId, line.quantity, new Date().toISOString()));
    case 'listDelivered': {
      const entry = { orderId: write.orderId, deliveredAt: write.deliveredAt };
      return [tx.put(delivered.putParams(entry, entry))];
    }
    case 'unlistDelivered': {
      const entry = { orderId: write.orderId, deliveredAt: write.deliveredAt };
      return [tx.delete(delivered.deleteParams(entry, { mustExist: false }))];
    }
  }
}

/** The stock lines of a failed commit whose items sit at the failed positions (`offset`: the write's first item). */
function failedStockLines(write: Write, positions: readonly number[], offset: number): FailedStockLine[] {
  switch (write.type) {
    case 'reserveStock':
    case 'releaseStock':
    case 'commitStock':
      // Two items a line (stock, reservation): shared/table/stock.ts tells which line failed and why.
      return failedLines(positions, write.lines, offset).map(({ productId, quantity, line, because }) => ({
        productId,
        quantity,
        write,
        line,
        because,
      }));
    case 'restock':
      // One stock item a line.
      return write.lines.flatMap(({ productId, quantity }, line) =>
        positions.includes(offset + line) ? [{ productId, quantity, write, line, because: 'stock' as const }] : [],
      );
    default:
      return [];
  }
}

export function dynamoOrdersStore(): OrdersStore {
  return {
    cart: (customerId) => carts.get({ customerId }),
    saveCart: async (cart, expectedVersion) => {
      try {
        await carts.put(cart, cart, versioned(expectedVersion));
      } catch (error) {
        if (isConditionFailure(error)) throw new WriteConflict();
        throw error;
      }
    },
    quote: (customerId) => quotes.get({ customerId }),
    cartWithQuote: (customerId) =>
      getTogether({ cart: { entity: carts, key: { customerId } }, quote: { entity: quotes, key: { customerId } } }),
    saveQuote: (quote) => quotes.put({ customerId: quote.customerId }, quote),
    product: (productId) => products.get({ productId }),
    saveProduct: (listing) =>
      newest(() => products.put({ productId: listing.productId }, listing, { newerThanStored: 'listingVersion' })),
    vendor: (vendorId) => vendors.get({ vendorId }),
    saveVendor: (listing) =>
      newest(() => vendors.put({ vendorId: listing.vendorId }, listing, { newerThanStored: 'listingVersion' })),
    order: (orderId) => orders.get({ orderId }),
    checkout: (checkoutId) => checkouts.get({ checkoutId }),
    customerOrders: (customerId, limit, cursor) =>
      orders.query.byCustomer({ customerId }, { limit, cursor, newestFirst: true }),
    vendorOrders: (vendorId, status, limit, cursor) =>
      orders.query.byVendor(
        { vendorId },
        { limit, cursor, newestFirst: true, ...(status ? { beginsWith: vendorStatusPrefix(status) } : {}) },
      ),
    async staleCheckouts(before, limit) {
      const { items: found } = await checkouts.query.awaitingPayment({ before, limit });
      // The index is eventually consistent: the checkout itself says whether it still waits.
      const loaded = await Promise.all(found.map((entry) => checkouts.get({ checkoutId: entry.checkoutId })));
      return loaded.filter((checkout): checkout is Checkout => checkout?.status === 'pending_payment');
    },
    async deliveredBefore(before, limit) {
      const { items: found } = await delivered.query.all({ before, limit });
      const loaded = await Promise.all(found.map((entry) => orders.get({ orderId: entry.orderId })));
      return loaded.filter((order): order is Order => order?.status === 'delivered');
    },
    reservation,
    /** Booking's pattern: a failed condition names the writes at its positions (`committing`), here with the stock lines. */
    async commit(writes, events) {
      const parts = writes.map((write) => ({ write, items: itemsOf(write) }));
      const writeAt = parts.flatMap(({ write, items }) => items.map(() => write));
      try {
        await committing(
          () =>
            commitWithEvents(
              parts.flatMap(({ items }) => items),
              events,
            ),
          (position) => writeAt[position]?.type,
        );
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
        let offset = 0;
        const lines: FailedStockLine[] = [];
        for (const { write, items } of parts) {
          lines.push(...failedStockLines(write, error.positions, offset));
          offset += items.length;
        }
        throw new CommitConflict(error, {
          failedWrites: writes.filter((write) => error.positions.some((position) => writeAt[position] === write)),
          failedLines: lines,
        });
      }
    },
  };
}
