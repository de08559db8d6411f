import { defineEntity, isConditionFailure } from '#shared/table/entity.ts';
import { commitWithEvents, committing, tx } from '#shared/table/transact.ts';
import {
  adjustStockItem,
  commitItems,
  failedLines,
  releaseItems,
  reservation,
  reserveItems,
  stockChangedEvent,
} from '#shared/table/stock.ts';
import {
  type Cart,
  type Checkout,
  type Order,
  type OrdersStore,
  type ProductListing,
  type Quote,
  type VendorListing,
} from './model.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';

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
 */
const carts = defineEntity<Cart, { customerId: string }>({
  type: 'cart',
  version: 1,
  key: ({ customerId }) => ({ pk: `CART#${customerId}`, sk: 'CART' }),
});

const quotes = defineEntity<Quote, { customerId: string }>({
  type: 'quote',
  version: 1,
  key: ({ customerId }) => ({ pk: `CART#${customerId}`, sk: 'QUOTE' }),
});

const orders = defineEntity<Order, { orderId: string }>({
  type: 'order',
  version: 1,
  key: ({ orderId }) => ({ pk: `ORDER#${orderId}`, sk: 'ORDER' }),
  indexes: {
    gsi1: (order) => ({ pk: `CUSTOMER_ORDERS#${order.customerId}`, sk: `${order.createdAt}#${order.orderId}` }),
    gsi2: (order) => ({
      pk: `VENDOR_ORDERS#${order.vendorId}`,
      sk: `${order.status}#${order.createdAt}#${order.orderId}`,
    }),
  },
});

const checkouts = defineEntity<Checkout, { checkoutId: string }>({
  type: 'checkout',
  version: 1,
  key: ({ checkoutId }) => ({ pk: `CHECKOUT#${checkoutId}`, sk: 'CHECKOUT' }),
  indexes: {
    // Sparse: only checkouts still holding stock for a payment, by expiry (the sweeper reads the overdue ones).
    gsi1: (checkout) =>
      checkout.status === 'pending_payment'
        ? { pk: 'CHECKOUTS_AWAITING', sk: `${checkout.expiresAt}#${checkout.checkoutId}` }
        : undefined,
  },
});

const delivered = defineEntity<{ orderId: string; deliveredAt: string }, { orderId: string; deliveredAt: string }>({
  type: 'deliveredOrder',
  version: 1,
  key: ({ orderId, deliveredAt }) => ({ pk: 'ORDERS_DELIVERED', sk: `${deliveredAt}#${orderId}` }),
});

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

/** The auto-complete list entry of a delivered order (added with the delivery, removed with completion). */
const deliveredEntry = {
  put: (orderId: string, deliveredAt: string) =>
    tx.put(delivered.putParams({ orderId, deliveredAt }, { orderId, deliveredAt })),
  delete: (orderId: string, deliveredAt: string) =>
    tx.delete(delivered.deleteParams({ orderId, deliveredAt }, { mustExist: false })),
};

export function dynamoOrdersStore(): OrdersStore {
  const items: OrdersStore['items'] = {
    order: (order, expectedVersion) => tx.put(orders.putParams(order, order, versioned(expectedVersion))),
    checkout: (checkout, expectedVersion) =>
      tx.put(checkouts.putParams(checkout, checkout, versioned(expectedVersion))),
    cart: (cart, expectedVersion) => tx.put(carts.putParams(cart, cart, versioned(expectedVersion))),
  };
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
      orders.query(`CUSTOMER_ORDERS#${customerId}`, { index: 'gsi1', limit, cursor, newestFirst: true }),
    vendorOrders: (vendorId, status, limit, cursor) =>
      orders.query(`VENDOR_ORDERS#${vendorId}`, {
        index: 'gsi2',
        limit,
        cursor,
        newestFirst: true,
        ...(status ? { beginsWith: `${status}#` } : {}),
      }),
    async staleCheckouts(before, limit) {
      const { items: found } = await checkouts.query('CHECKOUTS_AWAITING', { index: 'gsi1', before, limit });
      // The index is eventually consistent: the checkout itself says whether it still waits.
      const loaded = await Promise.all(found.map((entry) => checkouts.get({ checkoutId: entry.checkoutId })));
      return loaded.filter((checkout): checkout is Checkout => checkout?.status === 'pending_payment');
    },
    async deliveredBefore(before, limit) {
      const { items: found } = await delivered.query('ORDERS_DELIVERED', { before, limit });
      const loaded = await Promise.all(found.map((entry) => orders.get({ orderId: entry.orderId })));
      return loaded.filter((order): order is Order => order?.status === 'delivered');
    },
    items,
    stock: {
      reserve: reserveItems,
      release: releaseItems,
      commit: commitItems,
      restock: (lines) => lines.map((line) => adjustStockItem(line.productId, line.quantity, new Date().toISOString())),
      failedLines,
      changed: stockChangedEvent,
      reservation,
    },
    deliveredItems: { put: deliveredEntry.put, remove: deliveredEntry.delete },
    async commit(transactItems, events) {
      await committing(() => commitWithEvents(transactItems, events));
    },
  };
}
