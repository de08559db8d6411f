import { defineDomain } from '#shared/manifest/types.ts';
import { commonProblems, conflictProblem, forbiddenProblem, page, ruleProblem } from '#shared/http/schemas.ts';
import * as s from './schemas.ts';

const read = { table: 'read' } as const;
const write = { table: 'readwrite' } as const;
const order = { 200: { description: 'Order', body: s.orderView } } as const;

/** Orders: the cart, quote and checkout (one order per vendor, one payment), the order saga, orders after payment. */
export const manifest = defineDomain({
  domain: 'orders',
  description: 'Multi-vendor cart, quote and checkout with PPN and commission, the order saga, orders from payment to delivery',
  routes: {
    getCart: {
      method: 'GET', path: '/v1/me/cart', handler: 'handlers/get-cart.ts', useCase: 'orders.cart', emits: [], auth: 'user', access: read,
      summary: 'Your cart, with today\'s prices and stock, and what changed since you added each product',
      responses: { 200: { description: 'Cart', body: s.cartView }, ...commonProblems },
    },
    setCartItem: {
      method: 'PUT', path: '/v1/me/cart/items/{productId}', handler: 'handlers/set-cart-item.ts', useCase: 'orders.setCartItem', emits: [], auth: 'user', access: write,
      summary: 'Put a product in your cart with this quantity (at today\'s price)',
      request: { params: s.productParams, body: s.cartItemInput },
      responses: { 200: { description: 'Cart', body: s.cartView }, ...commonProblems, ...conflictProblem('Not enough stock, or the cart is full') },
    },
    removeCartItem: {
      method: 'DELETE', path: '/v1/me/cart/items/{productId}', handler: 'handlers/remove-cart-item.ts', useCase: 'orders.removeCartItem', emits: [], auth: 'user', access: write,
      summary: 'Take a product out of your cart',
      request: { params: s.productParams },
      responses: { 200: { description: 'Cart', body: s.cartView }, ...commonProblems },
    },
    quote: {
      method: 'POST', path: '/v1/checkout/quote', handler: 'handlers/quote.ts', useCase: 'orders.quote', emits: [], auth: 'user', access: write,
      summary: 'What checkout would charge: per vendor subtotal, shipping (the rate offered by POST /v1/shipping/rates for that shop, address and courier), PPN and total, with warnings; its shipping holds 30 minutes',
      request: { body: s.quoteInput },
      responses: {
        200: { description: 'Quote', body: s.quoteView }, ...commonProblems,
        ...conflictProblem('The cart is empty, or `rates-needed`: ask rates again for the `shops` named (none, expired, or for a lighter parcel)'),
        ...ruleProblem('A vendor without a courier choice'),
      },
    },
    checkout: {
      method: 'POST', path: '/v1/checkout', handler: 'handlers/checkout.ts', useCase: 'orders.checkout', emits: ['checkout.created', 'stock.changed'], auth: 'user', access: write, headers: ['Idempotency-Key'],
      summary: 'Charge the quote\'s shipping, reserve every line or none and create one order per vendor, paid by one payment (the page when ready)',
      request: { body: s.checkoutInput },
      responses: {
        201: { description: 'Orders awaiting payment', body: s.checkoutAnswer },
        ...commonProblems, ...conflictProblem('Stock is gone for some lines (named), the cart is empty, or no valid quote for this cart, address and couriers'), ...ruleProblem('A vendor without a courier choice'),
      },
    },
    getCheckout: {
      method: 'GET', path: '/v1/checkouts/{checkoutId}', handler: 'handlers/get-checkout.ts', useCase: 'orders.getCheckout', emits: [], auth: 'user', access: read,
      summary: 'Your checkout: its orders and the payment page',
      request: { params: s.checkoutParams },
      responses: { 200: { description: 'Checkout' }, ...commonProblems },
    },
    myOrders: {
      method: 'GET', path: '/v1/me/orders', handler: 'handlers/my-orders.ts', useCase: 'orders.mine', emits: [], auth: 'user', access: read,
      summary: 'Your orders, newest first',
      request: { query: s.mineQuery },
      responses: { 200: { description: 'Orders', body: page(s.orderView) }, ...commonProblems },
    },
    getOrder: {
      method: 'GET', path: '/v1/orders/{orderId}', handler: 'handlers/get-order.ts', useCase: 'orders.get', emits: [], auth: 'user', access: read,
      summary: 'An order (its customer, the vendor\'s staff)',
      request: { params: s.orderParams },
      responses: { ...order, ...commonProblems },
    },
    vendorOrders: {
      method: 'GET', path: '/v1/vendors/{vendorId}/orders', handler: 'handlers/vendor-orders.ts', useCase: 'orders.vendorOrders', emits: [], auth: 'user', access: read,
      summary: 'The vendor\'s orders, newest first, optionally of one status (vendor staff)',
      request: { params: s.vendorParams, query: s.vendorOrdersQuery },
      responses: { 200: { description: 'Orders', body: page(s.orderView) }, ...commonProblems },
    },
    cancelOrder: {
      method: 'POST', path: '/v1/orders/{orderId}/cancel', handler: 'handlers/cancel-order.ts', useCase: 'orders.cancel', emits: ['order.cancelled', 'order.refund_due', 'stock.changed'], auth: 'user', access: write,
      summary: 'Cancel before shipping is requested (the vendor gives a reason): stock back on hand, the order\'s total refunded',
      request: { params: s.orderParams, body: s.cancelInput.optional() },
      responses: { ...order, ...commonProblems, ...conflictProblem('Shipping was requested, or not paid'), ...ruleProblem('A vendor cancelling without a reason') },
    },
    trackOrder: {
      method: 'GET', path: '/v1/orders/{orderId}/tracking', handler: 'handlers/track-order.ts', useCase: 'fulfilment.get', emits: [], auth: 'user', access: read,
      summary: 'Where the parcel is: the order\'s status and its shipment\'s tracking history',
      request: { params: s.orderParams },
      responses: { 200: { description: 'Tracking', body: s.trackingView }, ...commonProblems },
    },
    shipOrder: {
      method: 'POST', path: '/v1/orders/{orderId}/ship', handler: 'handlers/ship-order.ts', useCase: 'fulfilment.requestShipping', emits: ['order.ship_requested'], auth: 'user', access: write,
      summary: 'Ask for the courier the customer chose (vendor staff): shipping books it, then the order shows its shipment, or `shipFailure` (ask again)',
      request: { params: s.orderParams },
      responses: {
        202: { description: 'Requested (or already): the order', body: s.orderView },
        ...commonProblems, ...forbiddenProblem('Only the vendor\'s staff'), ...conflictProblem('Not paid (or cancelled)'),
      },
    },
  },
  subscriptions: {
    saveListings: {
      description: 'Keeps orders\' copies of product and vendor listings (prices, stock, vendor kind); the newest wins',
      events: ['product.listing_updated', 'vendor.listing_updated'],
      handler: 'handlers/on-listing.ts', useCase: 'orders.saveProduct', emits: [],
      access: write,
    },
    startSaga: {
      description: 'A checkout starts its order saga (execution named by the checkout: once)',
      events: ['checkout.created'],
      handler: 'handlers/start-saga.ts', useCase: 'orders.sagaInput', emits: [],
      access: { table: 'read', sagas: ['orders.order'] },
    },
    followShipment: {
      description: 'Tracking is kept on the order and moves it: booked → processing, picked up / in transit → shipped, delivered → delivered',
      events: ['shipment.status_changed'],
      handler: 'handlers/on-shipment.ts', useCase: 'fulfilment.onShipment', emits: ['order.delivered', 'order.processing', 'order.shipped'],
      access: write,
    },
    shipRefused: {
      description: 'A refused ship request is cleared, its reason kept (the vendor may ask again)',
      events: ['shipment.booking_failed'],
      handler: 'handlers/on-booking-failed.ts', useCase: 'fulfilment.onBookingFailed', emits: [],
      access: write,
    },
  },
  schedules: {
    sweepCheckouts: {
      description: 'Releases the stock of checkouts still unpaid long past their expiry and expires their orders (a safety net behind the saga)',
      schedule: 'rate(5 minutes)',
      handler: 'handlers/sweep-checkouts.ts', useCase: 'orders.sweepCheckouts', emits: ['order.expired', 'stock.changed'],
      access: write,
    },
    autoComplete: {
      description: 'Completes orders delivered a few days ago',
      schedule: 'rate(1 hour)',
      handler: 'handlers/auto-complete.ts', useCase: 'orders.autoComplete', emits: ['order.completed'],
      access: write,
    },
  },
  tasks: {
    recordPayment: { description: 'Shows the opened payment page on the checkout', handler: 'tasks/record-payment.ts', useCase: 'orders.recordPayment', emits: [], access: write },
    markPaid: { description: 'Marks the checkout\'s orders paid and commits their stock (once)', handler: 'tasks/mark-paid.ts', useCase: 'orders.markPaid', emits: ['order.paid', 'stock.changed'], access: write },
    release: { description: 'Releases the checkout\'s stock and expires its orders (once)', handler: 'tasks/release.ts', useCase: 'orders.release', emits: ['order.expired', 'stock.changed'], access: write },
  },
  sagas: {
    order: {
      description: 'Checkout → one payment page for all its orders → wait while the stock is reserved → orders paid and stock committed; else the attempt is closed and the stock released',
      definition: 'order-saga.asl.json',
      tasks: {
        StartPayment: 'payments.startPayment',
        RecordPayment: 'orders.recordPayment',
        AwaitPayment: 'payments.awaitPayment',
        MarkPaid: 'orders.markPaid',
        CancelPayment: 'payments.cancelPayment',
        Release: 'orders.release',
      },
    },
  },
});
