import type { ApiClient, operations } from '@petpro/api-client';

/** One shop's order (a checkout makes one per shop). */
export type Order = operations['getOrder']['responses'][200]['content']['application/json'];
export type OrderStatus = Order['status'];
/** The order's shipment with its courier and history (null until the shop asks for the courier). */
export type Tracking = operations['trackOrder']['responses'][200]['content']['application/json'];
export type ShipmentStatus = NonNullable<Order['shipment']>['status'];

export interface OrderPage {
  items: Order[];
  nextCursor: string | null;
}

export interface OrdersRepository {
  mine(cursor?: string): Promise<OrderPage>;
  order(orderId: string): Promise<Order>;
  tracking(orderId: string): Promise<Tracking>;
  /** 409 order-state once shipping is requested, or before payment. */
  cancel(orderId: string): Promise<Order>;
}

export const ORDERS_PAGE_SIZE = 20;

export class ApiOrdersRepository implements OrdersRepository {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async mine(cursor?: string): Promise<OrderPage> {
    const page = await this.#api.unwrap(
      this.#api.GET('/v1/me/orders', { params: { query: { limit: ORDERS_PAGE_SIZE, ...(cursor ? { cursor } : {}) } } }),
    );
    return { items: page.items, nextCursor: page.nextCursor };
  }

  order(orderId: string): Promise<Order> {
    return this.#api.unwrap(this.#api.GET('/v1/orders/{orderId}', { params: { path: { orderId } } }));
  }

  tracking(orderId: string): Promise<Tracking> {
    return this.#api.unwrap(this.#api.GET('/v1/orders/{orderId}/tracking', { params: { path: { orderId } } }));
  }

  cancel(orderId: string): Promise<Order> {
    return this.#api.unwrap(this.#api.POST('/v1/orders/{orderId}/cancel', { params: { path: { orderId } }, body: {} }));
  }
}

/** The customer may cancel a paid order until the shop has asked for the courier (the API's rule). */
export function canCancel(order: Pick<Order, 'status' | 'shipRequestedAt' | 'shipment'>): boolean {
  return (order.status === 'paid' || order.status === 'processing') && !order.shipRequestedAt && !order.shipment;
}

/** Whether a courier was asked for: only then is there tracking to read. */
export function hasShipment(order: Pick<Order, 'shipRequestedAt' | 'shipment'>): boolean {
  return Boolean(order.shipRequestedAt || order.shipment);
}
