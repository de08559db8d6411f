import { ApiProblem } from '@petpro/api-client';
import { memoryOfflineCache } from '../../testing/memory-cache';
import type { OfflineCache } from '../../data/offline-cache';
import type { Cart, CartRepository, CartWarning } from './cart-repository';
import type { CatalogRepository, CategoryNode, Product, ProductFilters, ProductPage } from './catalog-repository';
import type {
  Address,
  CheckoutRepository,
  CheckoutView,
  CourierRate,
  Quote,
  ShippingChoice,
} from './checkout-repository';
import type { Order, OrderPage, OrdersRepository, Tracking } from './orders-repository';

/** Test doubles of the shop's repositories (Node, no API): scripted answers, every call recorded. */

export const SHOP_A = { vendorId: '01SHOPA0000000000000000000', vendorName: 'Sahabat Anabul Petshop' };
export const SHOP_B = { vendorId: '01SHOPB0000000000000000000', vendorName: 'Toko Hewan Karya Satwa' };

export function product(overrides: Partial<Product> = {}): Product {
  return {
    productId: '01PRODA0000000000000000000',
    ...SHOP_A,
    name: 'Royal Canin Kitten 2 kg',
    description: 'Makanan anak kucing.',
    descriptionEn: 'Kitten food.',
    category: 'food',
    subcategory: 'cat_food',
    price: { amount: 289_000, currency: 'IDR' },
    weightGrams: 2000,
    taxCategory: 'standard',
    available: 15,
    inStock: true,
    imageUrl: null,
    updatedAt: '2026-12-07T01:00:00.000Z',
    ...overrides,
  };
}

export const kittenFood = product();
export const catLitter = product({
  productId: '01PRODB0000000000000000000',
  ...SHOP_B,
  name: 'Pasir Kucing Gumpal 10 L',
  category: 'litter',
  subcategory: 'cat_litter',
  price: { amount: 67_000, currency: 'IDR' },
  weightGrams: 8000,
  available: 3,
});

export const categoryTree: CategoryNode[] = [
  {
    category: 'food',
    label: { id: 'Makanan', en: 'Food' },
    subcategories: [{ subcategory: 'cat_food', label: { id: 'Makanan kucing', en: 'Cat food' } }],
  },
  { category: 'litter', label: { id: 'Pasir & kebersihan', en: 'Litter & hygiene' }, subcategories: [] },
];

export function problem(status: number, code: string, extensions: Record<string, unknown> = {}): ApiProblem {
  return new ApiProblem({
    status,
    type: `https://petpro.id/problems/${code}`,
    title: `Masalah: ${code}`,
    detail: `Detail: ${code}`,
    extensions,
  });
}

type Answer<T> = T | Error;
function next<T>(answers: Answer<T>[], fallback: () => T): T {
  const answer = answers.length > 0 ? answers.shift()! : fallback();
  if (answer instanceof Error) throw answer;
  return answer;
}

export class FakeCatalogRepository implements CatalogRepository {
  readonly searches: { filters: ProductFilters; cursor: string | undefined }[] = [];
  readonly productCalls: string[] = [];
  readonly pages: Answer<ProductPage>[] = [];
  readonly products = new Map<string, Answer<Product>>();
  categoryAnswer: Answer<CategoryNode[]> = categoryTree;

  constructor(...pages: Answer<ProductPage>[]) {
    this.pages = pages;
  }

  async categories(): Promise<CategoryNode[]> {
    if (this.categoryAnswer instanceof Error) throw this.categoryAnswer;
    return this.categoryAnswer;
  }

  async search(filters: ProductFilters, cursor?: string): Promise<ProductPage> {
    this.searches.push({ filters, cursor });
    return next(this.pages, () => ({ items: [], nextCursor: null, categoryCounts: {} }));
  }

  async product(productId: string): Promise<Product> {
    this.productCalls.push(productId);
    const answer = this.products.get(productId) ?? problem(404, 'not-found');
    if (answer instanceof Error) throw answer;
    return answer;
  }
}

/** A cart kept in memory as the API keeps it: one line per product, today's price, warnings scripted. */
export class FakeCartRepository implements CartRepository {
  readonly calls: string[] = [];
  items: Cart['items'] = [];
  warnings: CartWarning[] = [];
  /** Errors the next calls throw, in order. */
  readonly failures: Error[] = [];

  constructor(...products: { product: Product; quantity: number }[]) {
    for (const { product: p, quantity } of products) this.#put(p, quantity);
  }

  #put(p: Product, quantity: number) {
    const line = {
      productId: p.productId,
      vendorId: p.vendorId,
      vendorName: p.vendorName,
      name: p.name,
      quantity,
      unitPrice: p.price.amount,
      unitPriceSeen: p.price.amount,
      available: p.available ?? 0,
      imageUrl: p.imageUrl,
    };
    const index = this.items.findIndex((item) => item.productId === p.productId);
    if (index >= 0) this.items[index] = line;
    else this.items.push(line);
  }

  #answer(): Cart {
    const failure = this.failures.shift();
    if (failure) throw failure;
    return { items: this.items.map((item) => ({ ...item })), warnings: [...this.warnings] };
  }

  async cart(): Promise<Cart> {
    this.calls.push('cart');
    return this.#answer();
  }

  async setQuantity(productId: string, quantity: number): Promise<Cart> {
    this.calls.push(`set ${productId} ${quantity}`);
    const failure = this.failures.shift();
    if (failure) throw failure;
    const line = this.items.find((item) => item.productId === productId);
    if (line) {
      line.quantity = quantity;
      line.unitPriceSeen = line.unitPrice;
      this.warnings = this.warnings.filter((w) => !(w.productId === productId && w.problem === 'price_changed'));
    } else this.#put(kittenFood.productId === productId ? kittenFood : product({ productId }), quantity);
    return this.#answer();
  }

  async remove(productId: string): Promise<Cart> {
    this.calls.push(`remove ${productId}`);
    this.items = this.items.filter((item) => item.productId !== productId);
    this.warnings = this.warnings.filter((w) => w.productId !== productId);
    return this.#answer();
  }
}

export const kemangAddress: Address = {
  addressId: '01ADDR00000000000000000000',
  label: 'Rumah',
  recipientName: 'Budi Santoso',
  phone: '+6281234567890',
  line1: 'Jl. Kemang Raya No. 5',
  line2: null,
  city: 'Jakarta Selatan',
  province: 'DKI Jakarta',
  postalCode: '12730',
  isDefault: true,
};

export const officeAddress: Address = {
  ...kemangAddress,
  addressId: '01ADDR10000000000000000000',
  label: 'Kantor',
  line1: 'Jl. Sudirman No. 1',
  postalCode: '10220',
  isDefault: false,
};

export function rate(courier: CourierRate['courier'], service: string, amount: number, min = 1, max = 2): CourierRate {
  return {
    courier,
    service,
    serviceCode: `${courier}:${service.toLowerCase()}`,
    price: { amount, currency: 'IDR' },
    etaDays: { min, max },
  };
}

export function quoteFor(
  shops: { vendorId: string; vendorName: string; subtotal: number; shipping: number }[],
  warnings: Quote['warnings'] = [],
): Quote {
  const orders = shops.map((shop) => {
    const tax = Math.round(shop.subtotal * 0.11);
    return {
      vendorId: shop.vendorId,
      vendorName: shop.vendorName,
      lines: [],
      subtotal: shop.subtotal,
      shipping: shop.shipping,
      tax,
      total: shop.subtotal + shop.shipping + tax,
      etaDays: { min: 1, max: 2 },
    };
  });
  return {
    orders,
    total: orders.reduce((sum, order) => sum + order.total, 0),
    warnings,
    validUntil: '2026-12-07T02:00:00.000Z',
  };
}

export function checkoutView(overrides: Partial<CheckoutView> = {}): CheckoutView {
  return {
    checkoutId: '01CHECKOUT0000000000000000',
    status: 'pending_payment',
    total: 1_445_630,
    orderIds: ['01ORDERA000000000000000000', '01ORDERB000000000000000000'],
    payment: {
      paymentId: '01PAYMENT00000000000000000',
      redirectUrl: 'http://localhost:3000/sandbox/pay/01PAYMENT00000000000000000',
      expiresAt: '2026-12-07T02:00:00.000Z',
    },
    expiresAt: '2026-12-07T02:00:00.000Z',
    ...overrides,
  };
}

export class FakeCheckoutRepository implements CheckoutRepository {
  readonly calls: string[] = [];
  readonly rateCalls: { vendorId: string; addressId: string; weightGrams: number; value: number }[] = [];
  readonly quoteCalls: { addressId: string; shipping: ShippingChoice }[] = [];
  readonly checkoutCalls: { addressId: string; shipping: ShippingChoice; key: string }[] = [];
  addressAnswer: Answer<Address[]> = [kemangAddress];
  /** Per vendor, answered in order (the last one stays). */
  readonly rateAnswers = new Map<string, Answer<CourierRate[]>[]>();
  readonly quoteAnswers: Answer<Quote>[] = [];
  readonly checkoutAnswers: Answer<CheckoutView>[] = [];
  readonly statusAnswers: Answer<CheckoutView>[] = [];

  async addresses(): Promise<Address[]> {
    this.calls.push('addresses');
    if (this.addressAnswer instanceof Error) throw this.addressAnswer;
    return this.addressAnswer;
  }

  async rates(vendorId: string, addressId: string, weightGrams: number, value: number): Promise<CourierRate[]> {
    this.rateCalls.push({ vendorId, addressId, weightGrams, value });
    const answers = this.rateAnswers.get(vendorId) ?? [];
    const answer = answers.length > 1 ? answers.shift()! : (answers[0] ?? []);
    if (answer instanceof Error) throw answer;
    return answer;
  }

  async quote(addressId: string, shipping: ShippingChoice): Promise<Quote> {
    this.quoteCalls.push({ addressId, shipping });
    return next(this.quoteAnswers, () => quoteFor([]));
  }

  async checkout(addressId: string, shipping: ShippingChoice, key: string): Promise<CheckoutView> {
    this.checkoutCalls.push({ addressId, shipping, key });
    return next(this.checkoutAnswers, () => checkoutView());
  }

  async checkoutStatus(checkoutId: string): Promise<CheckoutView> {
    this.calls.push(`status ${checkoutId}`);
    return next(this.statusAnswers, () => checkoutView({ checkoutId }));
  }
}

export function order(overrides: Partial<Order> = {}): Order {
  return {
    orderId: '01ORDERA000000000000000000',
    checkoutId: '01CHECKOUT0000000000000000',
    status: 'paid',
    ...SHOP_A,
    lines: [
      {
        productId: kittenFood.productId,
        name: kittenFood.name,
        unitPrice: 289_000,
        quantity: 2,
        lineSubtotal: 578_000,
        tax: 63_580,
      },
    ],
    subtotal: { amount: 578_000, currency: 'IDR' },
    shipping: { amount: 21_000, currency: 'IDR' },
    tax: { amount: 63_580, currency: 'IDR' },
    total: { amount: 662_580, currency: 'IDR' },
    shippingServiceCode: 'grab:instant',
    paymentId: '01PAYMENT00000000000000000',
    shipRequestedAt: null,
    shipFailure: null,
    shipment: null,
    cancelReason: null,
    createdAt: '2026-12-07T01:00:00.000Z',
    updatedAt: '2026-12-07T01:00:00.000Z',
    _links: {},
    ...overrides,
  };
}

export const trackingOf = (orderId: string): Tracking => ({
  orderId,
  status: 'shipped',
  shipRequestedAt: '2026-12-07T02:00:00.000Z',
  shipment: {
    shipmentId: '01SHIPMENT0000000000000000',
    courier: 'grab',
    serviceCode: 'grab:instant',
    trackingNumber: 'GK-6-FZG5N9BBMV',
    status: 'picked_up',
    history: [
      { status: 'requested', at: '2026-12-07T02:00:00.000Z' },
      { status: 'booked', at: '2026-12-07T02:00:01.000Z' },
      { status: 'picked_up', at: '2026-12-07T02:30:00.000Z' },
    ],
    labelUrl: null,
  },
});

export class FakeOrdersRepository implements OrdersRepository {
  readonly calls: string[] = [];
  readonly pages: Answer<OrderPage>[] = [];
  readonly orders = new Map<string, Answer<Order>[]>();
  readonly trackings = new Map<string, Answer<Tracking>>();
  readonly cancelAnswers: Answer<Order>[] = [];

  async mine(cursor?: string): Promise<OrderPage> {
    this.calls.push(cursor ? `mine ${cursor}` : 'mine');
    return next(this.pages, () => ({ items: [], nextCursor: null }));
  }

  async order(orderId: string): Promise<Order> {
    this.calls.push(`order ${orderId}`);
    const answers = this.orders.get(orderId) ?? [problem(404, 'not-found')];
    const answer = answers.length > 1 ? answers.shift()! : answers[0]!;
    if (answer instanceof Error) throw answer;
    return answer;
  }

  async tracking(orderId: string): Promise<Tracking> {
    this.calls.push(`tracking ${orderId}`);
    const answer = this.trackings.get(orderId) ?? problem(404, 'not-found');
    if (answer instanceof Error) throw answer;
    return answer;
  }

  async cancel(orderId: string): Promise<Order> {
    this.calls.push(`cancel ${orderId}`);
    return next(this.cancelAnswers, () => order({ orderId, status: 'cancelled' }));
  }
}

/** The real offline cache over a memory store, at a fixed time. */
export function memoryCache(now = new Date('2026-12-07T03:00:00Z')): OfflineCache {
  return memoryOfflineCache(() => now);
}
