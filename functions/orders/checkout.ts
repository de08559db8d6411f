import { refuse } from '#shared/lib/refusal.ts';
import { newId } from '#shared/lib/ids.ts';
import { jitter, retryOnConflict, type ConflictRetry } from '#shared/lib/retry-on-conflict.ts';
import type { VendorKind } from '#shared/lib/pet-care.ts';
import {
  CHECKOUT_HOLD_MINUTES,
  QUOTE_VALID_MINUTES,
  type Checkout,
  type Destination,
  type Order,
  type RateOffer,
  type RateOfferKey,
  type StockLine,
  type VendorListing,
  type Write,
  CommitConflict,
} from './model.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { orderRules, type RecordPorts } from './order-rules.ts';
import { priceCheckout, type PricedCheckout, type PricingLine } from './pricing.ts';

/**
 * Quote and checkout: what the cart costs with each shop's shipping (priced from the rate offers
 * shipping published, kept as the quote), the checkout that charges that quote — reserving every
 * line or none, one order per vendor, the cart emptied, checkout.created starting the order saga —
 * and the checkout with its payment page as the customer reads it.
 */

export interface CheckoutPorts extends RecordPorts {
  address(userId: string, addressId: string): Promise<Destination | undefined>;
  /** The rate offer shipping published for this customer, vendor, address and service (quotes price shipping from it), if any. */
  rateOffer(key: RateOfferKey): Promise<RateOffer | undefined>;
  commissionRate(vendorKind: VendorKind): number;
}

export interface CheckoutInput {
  addressId: string;
  /** Per vendor in the cart: the courier service chosen from its rates (`jne:reg`). */
  shipping: Record<string, string>;
  provider?: 'midtrans' | 'xendit' | undefined;
}

/** A checkout that lost a race is priced and tried again, up to 4 tries 0–25 ms × attempt apart; then 409 version-mismatch. */
const CHECKOUT_RETRY: ConflictRetry = {
  attempts: 4,
  backoff: jitter(25),
  exhausted: () => refuse.conflict('version-mismatch'),
};

export function checkoutService(ports: CheckoutPorts) {
  const { store, now, event, stockChanged, cartWithProducts, withProducts } = orderRules(ports);

  /**
   * Each shop's shipping for a quote: the rate offer shipping published (POST /v1/shipping/rates) for
   * this customer, shop, address and chosen service, if it has not expired and was asked for at least
   * the weight of the shop's parcel. Else 409 rates-needed naming the shops, so the app asks for rates again.
   */
  async function offersFor(
    customerId: string,
    addressId: string,
    shipping: Record<string, string>,
    parcels: Map<string, number>,
    vendors: Map<string, Pick<VendorListing, 'name' | 'kind'> | undefined>,
  ) {
    const at = now().getTime();
    const found = await Promise.all(
      [...parcels].map(async ([vendorId, weightGrams]) => {
        const serviceCode = shipping[vendorId]!;
        const offer = await ports.rateOffer({ customerId, vendorId, addressId, serviceCode });
        // The reader leaves expired offers out (their TTL deletes them later); checked here too, on this domain's clock.
        const problem =
          !offer || Date.parse(offer.expiresAt) <= at
            ? 'no_offer'
            : offer.weightGrams < weightGrams
              ? 'heavier_parcel'
              : undefined;
        return { vendorId, serviceCode, weightGrams, offer, problem };
      }),
    );
    const needed = found.filter((entry) => entry.problem !== undefined);
    if (needed.length > 0) {
      throw refuse.conflict('rates-needed', {
        shops: needed.map(({ vendorId, serviceCode, weightGrams, problem }) => ({
          vendorId,
          vendorName: vendors.get(vendorId)?.name ?? '',
          serviceCode,
          weightGrams,
          problem,
        })),
      });
    }
    return new Map(found.map(({ vendorId, offer }) => [vendorId, offer!]));
  }

  /**
   * Prices the cart: today's prices, and per vendor the chosen courier's price — from shipping's rate
   * offer for a quote, from the quote for a checkout (which must match the cart, address and couriers,
   * and still be valid: else 409 quote-needed).
   */
  async function priced(
    caller: Caller,
    input: Pick<CheckoutInput, 'addressId' | 'shipping'>,
    mode: 'quote' | 'checkout',
  ) {
    // A checkout charges the quote: read with the cart, in one call.
    const { cart, lines, warnings, quoted } =
      mode === 'checkout'
        ? await store
            .cartWithQuote(caller.auth.userId)
            .then(async ({ cart, quote }) => ({ ...(await withProducts(cart)), quoted: quote }))
        : { ...(await cartWithProducts(caller.auth.userId)), quoted: undefined };
    if (!cart || cart.lines.length === 0) throw refuse.conflict('cart-empty');
    const destination = await ports.address(caller.auth.userId, input.addressId);
    if (!destination) throw refuse.notFound();
    const vendorIds = [...new Set(cart.lines.map((line) => line.vendorId))];
    const missing = vendorIds.filter((vendorId) => !input.shipping[vendorId]);
    if (missing.length > 0)
      throw refuse.unprocessable(
        'shipping-not-chosen',
        missing.map((vendorId) => ({
          path: `body.shipping.${vendorId}`,
          message: 'choose a courier service for this vendor',
        })),
      );
    const pricingLines: PricingLine[] = lines
      .filter(({ product }) => product?.listed)
      .map(({ line, product }) => ({
        productId: line.productId,
        vendorId: line.vendorId,
        name: product!.name,
        unitPrice: product!.price.amount,
        quantity: line.quantity,
        taxCategory: product!.taxCategory,
      }));
    if (pricingLines.length === 0) throw refuse.conflict('cart-empty');
    if (mode === 'checkout') {
      const sameChoice =
        quoted &&
        quoted.addressId === input.addressId &&
        quoted.cartVersion === cart.version &&
        vendorIds.every((vendorId) => quoted.vendors?.[vendorId]) &&
        JSON.stringify(Object.entries(quoted.shipping).sort()) ===
          JSON.stringify(Object.entries(input.shipping).sort());
      if (!quoted || !sameChoice || Date.parse(quoted.expiresAt) <= now().getTime())
        throw refuse.conflict('quote-needed');
    }
    // The shops as quoted (a checkout), else as orders' listings have them today.
    const vendors = new Map<string, Pick<VendorListing, 'name' | 'kind'> | undefined>(
      quoted
        ? vendorIds.map((vendorId) => [vendorId, quoted.vendors[vendorId]] as const)
        : await Promise.all(vendorIds.map(async (vendorId) => [vendorId, await store.vendor(vendorId)] as const)),
    );
    // Each shop's parcel: what the courier carries (the listed lines, by today's weights).
    const parcels = new Map<string, number>();
    for (const { line, product } of lines)
      if (product?.listed)
        parcels.set(line.vendorId, (parcels.get(line.vendorId) ?? 0) + product.weightGrams * line.quantity);
    const offers = quoted
      ? undefined
      : await offersFor(caller.auth.userId, input.addressId, input.shipping, parcels, vendors);
    const terms = [...parcels.keys()].map((vendorId) => {
      const kind = vendors.get(vendorId)?.kind ?? 'shop';
      const base = { vendorId, vendorKind: kind, commissionRate: ports.commissionRate(kind) };
      if (quoted)
        return {
          ...base,
          shipping: quoted.shippingPrices[vendorId] ?? 0,
          etaDays: quoted.etaDays[vendorId] ?? { min: 0, max: 0 },
        };
      const offer = offers!.get(vendorId)!;
      return { ...base, shipping: offer.price, etaDays: offer.etaDays };
    });
    const pricing = priceCheckout(pricingLines, terms);
    return {
      pricing,
      terms,
      warnings,
      destination,
      cart,
      vendors,
      products: new Map(lines.map(({ line, product }) => [line.productId, product])),
    };
  }

  function toQuoteView(
    pricing: PricedCheckout,
    terms: { vendorId: string; etaDays: { min: number; max: number } }[],
    vendors: Map<string, Pick<VendorListing, 'name' | 'kind'> | undefined>,
  ) {
    return {
      orders: pricing.orders.map((order) => ({
        vendorId: order.vendorId,
        vendorName: vendors.get(order.vendorId)?.name ?? '',
        lines: order.lines.map(({ productId, name, unitPrice, quantity, lineSubtotal, tax, taxCategory }) => ({
          productId,
          name,
          unitPrice,
          quantity,
          lineSubtotal,
          tax,
          taxCategory,
        })),
        subtotal: order.subtotal,
        shipping: order.shipping,
        tax: order.tax,
        total: order.total,
        etaDays: terms.find((term) => term.vendorId === order.vendorId)?.etaDays ?? null,
      })),
      total: pricing.total,
    };
  }

  return {
    /** What checkout would charge; its shipping prices are kept for QUOTE_VALID_MINUTES for this cart, address and couriers. */
    async quote(caller: Caller, input: Pick<CheckoutInput, 'addressId' | 'shipping'>) {
      const { pricing, terms, warnings, vendors, cart } = await priced(caller, input, 'quote');
      await store.saveQuote({
        customerId: caller.auth.userId,
        cartVersion: cart.version,
        addressId: input.addressId,
        shipping: { ...input.shipping },
        shippingPrices: Object.fromEntries(terms.map((term) => [term.vendorId, term.shipping])),
        etaDays: Object.fromEntries(terms.map((term) => [term.vendorId, term.etaDays])),
        vendors: Object.fromEntries(
          terms.map(({ vendorId, vendorKind }) => [
            vendorId,
            { name: vendors.get(vendorId)?.name ?? '', kind: vendorKind },
          ]),
        ),
        expiresAt: new Date(now().getTime() + QUOTE_VALID_MINUTES * 60_000).toISOString(),
      });
      return {
        ...toQuoteView(pricing, terms, vendors),
        warnings,
        validUntil: new Date(now().getTime() + QUOTE_VALID_MINUTES * 60_000).toISOString(),
      };
    },

    /**
     * Charges the shipping of the customer's quote (409 quote-needed when the cart, address or couriers
     * changed, or it expired). Reserves every line or none (409 naming the lines that failed), writes one order per vendor
     * and the checkout, empties the cart — one transaction with `checkout.created`, which starts
     * the order saga (payment for the whole checkout, split per order).
     */
    async checkout(caller: Caller, input: CheckoutInput): Promise<{ checkout: Checkout; orders: Order[] }> {
      // A transaction that lost a race (DynamoDB cancels concurrent transactions on one stock item) is priced and tried again.
      return retryOnConflict(CHECKOUT_RETRY, () => this.checkoutOnce(caller, input));
    },

    async checkoutOnce(caller: Caller, input: CheckoutInput): Promise<{ checkout: Checkout; orders: Order[] }> {
      const { pricing, warnings, destination, cart, vendors, products } = await priced(caller, input, 'checkout');
      const blocking = warnings.filter((warning) => warning.problem !== 'price_changed');
      if (blocking.length > 0) throw refuse.conflict('stock-gone', { lines: blocking });
      const at = now();
      const checkoutId = newId();
      const orders: Order[] = pricing.orders.map((priced) => ({
        orderId: newId(),
        checkoutId,
        vendorId: priced.vendorId,
        vendorName: vendors.get(priced.vendorId)?.name ?? '',
        customerId: caller.auth.userId,
        status: 'pending_payment',
        lines: priced.lines.map((line) => ({ ...line, weightGrams: products.get(line.productId)?.weightGrams ?? 0 })),
        subtotal: priced.subtotal,
        shipping: priced.shipping,
        tax: priced.tax,
        total: priced.total,
        commission: priced.commission,
        vendorPayable: priced.vendorPayable,
        shippingServiceCode: input.shipping[priced.vendorId]!,
        destination,
        paymentId: null,
        shipRequest: null,
        shipFailure: null,
        shipment: null,
        cancelReason: null,
        cancelledBy: null,
        deliveredAt: null,
        version: 1,
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
      }));
      const checkout: Checkout = {
        checkoutId,
        customerId: caller.auth.userId,
        orderIds: orders.map((order) => order.orderId),
        total: pricing.total,
        provider: input.provider ?? 'midtrans',
        status: 'pending_payment',
        payment: null,
        expiresAt: new Date(at.getTime() + CHECKOUT_HOLD_MINUTES * 60_000).toISOString(),
        version: 1,
        createdAt: at.toISOString(),
        updatedAt: at.toISOString(),
      };
      const lines: StockLine[] = pricing.orders.flatMap((order) =>
        order.lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
      );
      const reserve: Write = { type: 'reserveStock', reservationId: checkoutId, lines };
      const writes: Write[] = [
        reserve,
        ...orders.map((order): Write => ({ type: 'order', item: order, expectedVersion: null })),
        { type: 'checkout', item: checkout, expectedVersion: null },
        {
          type: 'cart',
          item: { ...cart, lines: [], version: cart.version + 1, updatedAt: at.toISOString() },
          expectedVersion: cart.version,
        },
      ];
      const events = [
        stockChanged(checkoutId, lines, 'reserved', caller.correlationId),
        event(
          'checkout.created',
          { checkoutId, customerId: caller.auth.userId, orderIds: checkout.orderIds, total: checkout.total },
          caller.correlationId,
        ),
      ];
      try {
        await store.commit(writes, events);
      } catch (error) {
        if (!(error instanceof CommitConflict)) throw error;
        const failed = error.failedLines.filter((line) => line.write === reserve);
        if (failed.length > 0)
          throw refuse.conflict('stock-gone', {
            lines: failed.map(({ productId, quantity }) => ({ productId, quantity, problem: 'not_enough_stock' })),
          });
        throw error;
      }
      return { checkout, orders };
    },

    async getCheckout(caller: Caller, checkoutId: string) {
      const checkout = await store.checkout(checkoutId);
      if (!checkout || checkout.customerId !== caller.auth.userId) throw refuse.notFound();
      return checkout;
    },
  };
}

export type CheckoutService = ReturnType<typeof checkoutService>;
