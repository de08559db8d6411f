import type { ApiClient, operations } from '@petpro/api-client';

type AddressItem = operations['listAddresses']['responses'][200]['content']['application/json']['items'][number];
type RatesAnswer = operations['rates']['responses'][200]['content']['application/json'];
type CheckoutAnswer = operations['checkout']['responses'][201]['content']['application/json'];

/** A delivery address of the customer's (the profile area adds them). */
export type Address = Pick<
  AddressItem,
  | 'addressId'
  | 'label'
  | 'recipientName'
  | 'phone'
  | 'line1'
  | 'line2'
  | 'city'
  | 'province'
  | 'postalCode'
  | 'isDefault'
>;

/** One courier service offered for a shop's parcel: `serviceCode` is what quote and checkout take. */
export type CourierRate = RatesAnswer['items'][number];

/** What checkout would charge: per shop subtotal, shipping, PPN, total; and what changed in the cart. */
export type Quote = operations['quote']['responses'][200]['content']['application/json'];

/** Per shop (vendorId): the chosen courier service (`jne:reg`). */
export type ShippingChoice = Record<string, string>;

export interface PaymentPage {
  paymentId: string;
  /** The provider's page (the sandbox's locally); null while it is being opened. */
  redirectUrl: string | null;
  expiresAt: string;
}

export type CheckoutState = 'pending_payment' | 'paid' | 'expired';

/** A checkout: one payment for one order per shop. */
export interface CheckoutView {
  checkoutId: string;
  status: CheckoutState;
  total: number;
  orderIds: string[];
  payment: PaymentPage | null;
  expiresAt: string | null;
}

export interface CheckoutRepository {
  addresses(): Promise<Address[]>;
  /** A shop's courier rates for its parcel to the address; each is kept as the offer the quote charges. */
  rates(vendorId: string, addressId: string, weightGrams: number, value: number): Promise<CourierRate[]>;
  /** 409 rates-needed (ask the named shops' rates again), 422 shipping-not-chosen. */
  quote(addressId: string, shipping: ShippingChoice): Promise<Quote>;
  /** 409 stock-gone (lines named), quote-needed (quote again), cart-empty. */
  checkout(addressId: string, shipping: ShippingChoice, idempotencyKey: string): Promise<CheckoutView>;
  checkoutStatus(checkoutId: string): Promise<CheckoutView>;
}

/** The largest parcel the couriers take (the rates route refuses more). */
export const MAX_PARCEL_GRAMS = 50_000;

export class ApiCheckoutRepository implements CheckoutRepository {
  readonly #api: ApiClient;

  constructor(api: ApiClient) {
    this.#api = api;
  }

  async addresses(): Promise<Address[]> {
    // A customer has at most 20 addresses: one page.
    const page = await this.#api.unwrap(this.#api.GET('/v1/me/addresses', { params: { query: { limit: 20 } } }));
    return page.items.map(
      ({ addressId, label, recipientName, phone, line1, line2, city, province, postalCode, isDefault }) => ({
        addressId,
        label,
        recipientName,
        phone,
        line1,
        line2,
        city,
        province,
        postalCode,
        isDefault,
      }),
    );
  }

  async rates(vendorId: string, addressId: string, weightGrams: number, value: number): Promise<CourierRate[]> {
    const answer = await this.#api.unwrap(
      this.#api.POST('/v1/shipping/rates', {
        body: {
          originVendorId: vendorId,
          destinationAddressId: addressId,
          weightGrams: Math.min(MAX_PARCEL_GRAMS, Math.max(1, Math.ceil(weightGrams))),
          value: Math.max(0, Math.round(value)),
        },
      }),
    );
    return answer.items;
  }

  quote(addressId: string, shipping: ShippingChoice): Promise<Quote> {
    return this.#api.unwrap(this.#api.POST('/v1/checkout/quote', { body: { addressId, shipping } }));
  }

  async checkout(addressId: string, shipping: ShippingChoice, idempotencyKey: string): Promise<CheckoutView> {
    const created: CheckoutAnswer = await this.#api.unwrap(
      this.#api.POST('/v1/checkout', {
        body: { addressId, shipping },
        headers: { 'Idempotency-Key': idempotencyKey },
      }),
    );
    return {
      checkoutId: created.checkoutId,
      status: toCheckoutState(created.status),
      total: created.total.amount,
      orderIds: created.orders.map((order) => order.orderId),
      payment: created.payment,
      expiresAt: created.payment?.expiresAt ?? null,
    };
  }

  async checkoutStatus(checkoutId: string): Promise<CheckoutView> {
    // The contract gives this route no response schema: read it defensively.
    const answer: unknown = await this.#api.unwrap(
      this.#api.GET('/v1/checkouts/{checkoutId}', { params: { path: { checkoutId } } }),
    );
    return toCheckoutView(answer, checkoutId);
  }
}

function toCheckoutState(status: unknown): CheckoutState {
  return status === 'paid' || status === 'expired' ? status : 'pending_payment';
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** GET /v1/checkouts/{id}: `{ checkoutId, status, total: { amount }, orderIds, payment, expiresAt }`. */
export function toCheckoutView(answer: unknown, checkoutId: string): CheckoutView {
  const record = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>) : {};
  const total = record['total'];
  const amount = typeof total === 'object' && total !== null ? (total as Record<string, unknown>)['amount'] : undefined;
  const payment = record['payment'];
  const page = typeof payment === 'object' && payment !== null ? (payment as Record<string, unknown>) : null;
  const paymentId = page ? text(page['paymentId']) : null;
  return {
    checkoutId: text(record['checkoutId']) ?? checkoutId,
    status: toCheckoutState(record['status']),
    total: typeof amount === 'number' ? amount : 0,
    orderIds: Array.isArray(record['orderIds'])
      ? record['orderIds'].filter((id): id is string => typeof id === 'string')
      : [],
    payment:
      page && paymentId
        ? { paymentId, redirectUrl: text(page['redirectUrl']), expiresAt: text(page['expiresAt']) ?? '' }
        : null,
    expiresAt: text(record['expiresAt']),
  };
}
