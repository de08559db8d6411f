import { OfflineError } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import {
  checkoutView,
  FakeCheckoutRepository,
  FakeOrdersRepository,
  memoryCache,
  order,
  problem,
  SHOP_B,
  trackingOf,
} from './fakes';
import { OrderBloc, OrdersBloc } from './orders-bloc';
import { PaymentBloc, shouldPoll } from './payment-bloc';

const orderA = order();
const orderB = order({ orderId: '01ORDERB000000000000000000', ...SHOP_B, status: 'pending_payment' });

describe('OrdersBloc', () => {
  it('lists my orders and pages on with the cursor', async () => {
    const orders = new FakeOrdersRepository();
    orders.pages.push({ items: [orderA], nextCursor: 'c2' }, { items: [orderA, orderB], nextCursor: null });
    const bloc = new OrdersBloc(orders, memoryCache());
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'loaded', items: [orderA], nextCursor: 'c2', fromCache: false });
    await bloc.add({ type: 'more-requested' });
    expect(orders.calls).toEqual(['mine', 'mine c2']);
    expect(bloc.state).toMatchObject({ items: [orderA, orderB], nextCursor: null }); // no repeat of orderA
  });

  it('offline, shows the list kept from the last read, marked with its time', async () => {
    const orders = new FakeOrdersRepository();
    orders.pages.push({ items: [orderA], nextCursor: null }, new OfflineError('id'));
    const cache = memoryCache(new Date('2026-12-07T03:00:00Z'));
    await new OrdersBloc(orders, cache).add({ type: 'load-requested' });
    const offline = new OrdersBloc(orders, cache);
    await offline.add({ type: 'load-requested' });
    expect(offline.state).toMatchObject({
      status: 'loaded',
      items: [orderA],
      fromCache: true,
      updatedAt: '2026-12-07T03:00:00.000Z',
    });
  });

  it('offline with nothing kept is an error in words', async () => {
    const orders = new FakeOrdersRepository();
    orders.pages.push(new OfflineError('id'));
    const bloc = new OrdersBloc(orders, memoryCache());
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'error', error: { kind: 'message' } });
  });
});

describe('OrderBloc', () => {
  it('reads the tracking only once a courier was asked for', async () => {
    const orders = new FakeOrdersRepository();
    const shipped = order({
      status: 'shipped',
      shipRequestedAt: '2026-12-07T02:00:00.000Z',
      shipment: { shipmentId: 's1', trackingNumber: 'GK-6-FZG5N9BBMV', status: 'picked_up' },
    });
    orders.orders.set(orderA.orderId, [shipped]);
    orders.trackings.set(orderA.orderId, trackingOf(orderA.orderId));
    orders.orders.set(orderB.orderId, [orderB]);
    const bloc = new OrderBloc(orders, memoryCache(), orderA.orderId);
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({
      status: 'loaded',
      order: { status: 'shipped' },
      tracking: { shipment: { trackingNumber: 'GK-6-FZG5N9BBMV' } },
    });
    const unpaid = new OrderBloc(orders, memoryCache(), orderB.orderId);
    await unpaid.add({ type: 'load-requested' });
    expect(unpaid.state).toMatchObject({ status: 'loaded', tracking: null });
    expect(orders.calls).toEqual([`order ${orderA.orderId}`, `tracking ${orderA.orderId}`, `order ${orderB.orderId}`]);
  });

  it('cancels a paid order after the customer confirms', async () => {
    const orders = new FakeOrdersRepository();
    orders.orders.set(orderA.orderId, [orderA]);
    const bloc = new OrderBloc(orders, memoryCache(), orderA.orderId);
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'cancel-confirmed' }); // not asked yet: nothing happens
    expect(orders.calls).not.toContain(`cancel ${orderA.orderId}`);
    await bloc.add({ type: 'cancel-requested' });
    expect(bloc.state).toMatchObject({ cancel: 'confirming' });
    await bloc.add({ type: 'cancel-dismissed' });
    await bloc.add({ type: 'cancel-requested' });
    await bloc.add({ type: 'cancel-confirmed' });
    expect(bloc.state).toMatchObject({ order: { status: 'cancelled' }, cancelled: true, cancel: 'none' });
  });

  it('a refused cancel (the shop asked for the courier meanwhile) shows why and where the order is now', async () => {
    const orders = new FakeOrdersRepository();
    const moved = order({ status: 'processing', shipRequestedAt: '2026-12-07T02:00:00.000Z' });
    orders.orders.set(orderA.orderId, [orderA, moved]);
    orders.trackings.set(orderA.orderId, { ...trackingOf(orderA.orderId), shipment: null, status: 'processing' });
    orders.cancelAnswers.push(problem(409, 'order-state', { state: 'processing', shipRequested: true }));
    const bloc = new OrderBloc(orders, memoryCache(), orderA.orderId);
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'cancel-requested' });
    await bloc.add({ type: 'cancel-confirmed' });
    expect(bloc.state).toMatchObject({
      order: { status: 'processing', shipRequestedAt: '2026-12-07T02:00:00.000Z' },
      cancelError: { code: 'order-state' },
      cancelled: false,
    });
    await bloc.add({ type: 'cancel-requested' }); // no longer cancellable
    expect(bloc.state).toMatchObject({ cancel: 'none' });
  });
});

describe('PaymentBloc', () => {
  it('asks the checkout again until it is paid; a failed poll keeps the status shown', async () => {
    const checkouts = new FakeCheckoutRepository();
    checkouts.statusAnswers.push(
      checkoutView({ payment: null }),
      checkoutView(),
      new OfflineError('id'),
      checkoutView({ status: 'paid' }),
    );
    const bloc = new PaymentBloc(checkouts, '01CHECKOUT0000000000000000');
    await bloc.add({ type: 'refresh-requested' });
    expect(bloc.state).toMatchObject({ status: 'shown', checkout: { payment: null } });
    expect(shouldPoll(bloc.state)).toBe(true);
    await bloc.add({ type: 'refresh-requested' });
    await bloc.add({ type: 'page-opened' });
    await bloc.add({ type: 'refresh-requested' });
    expect(bloc.state).toMatchObject({
      opened: true,
      refreshError: { kind: 'message' },
      checkout: { status: 'pending_payment' },
    });
    await bloc.add({ type: 'refresh-requested' });
    expect(bloc.state).toMatchObject({ checkout: { status: 'paid' }, refreshError: null, opened: true });
    expect(shouldPoll(bloc.state)).toBe(false);
  });

  it('an unknown checkout is an error in words', async () => {
    const checkouts = new FakeCheckoutRepository();
    checkouts.statusAnswers.push(problem(404, 'not-found'));
    const bloc = new PaymentBloc(checkouts, 'nope');
    await bloc.add({ type: 'refresh-requested' });
    expect(bloc.state).toMatchObject({ status: 'error', error: { status: 404 } });
    expect(shouldPoll(bloc.state)).toBe(false);
  });
});
