import { HttpProblem, problems } from '#shared/http/problem.ts';
import { newId } from '#shared/lib/ids.ts';
import { jitter, retryOnConflict, type ConflictRetry } from '#shared/lib/retry-on-conflict.ts';
import type { VendorKind } from '#shared/lib/pet-care.ts';
import {
  AUTO_COMPLETE_DAYS,
  CHECKOUT_HOLD_MINUTES,
  MAX_CART_LINES,
  QUOTE_VALID_MINUTES,
  type Checkout,
  type Destination,
  type Order,
  type OrderStatus,
  type ProductListing,
  type RateOffer,
  type RateOfferKey,
  type StockLine,
  type VendorListing,
} from './model.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { isStaff, ORDER_RETRY, orderMoves, type OrderMovesPorts } from './order-moves.ts';
import { priceCheckout, type PricedCheckout, type PricingLine } from './pricing.ts';

/**
 * The shop's rules: one cart per customer across vendors, a quote that warns about changed prices
 * and stock, a checkout that reserves every line or none and splits into one order per vendor paid
 * by one payment, the order saga's steps, and the orders' life after payment up to the cancel (their
 * shipping is fulfilment.ts). No AWS imports.
 */

export type { Caller };

export interface OrdersPorts extends OrderMovesPorts {
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

export interface CartWarning {
  productId: string;
  problem: 'price_changed' | 'unavailable' | 'not_enough_stock';
  seen?: number;
  now?: number;
  available?: number;
}

/** A checkout that lost a race is priced and tried again, up to 4 tries 0–25 ms × attempt apart; then 409 version-mismatch. */
const CHECKOUT_RETRY: ConflictRetry = {
  attempts: 4,
  backoff: jitter(25),
  exhausted: () => new HttpProblem(409, 'version-mismatch'),
};

export function ordersService(ports: OrdersPorts) {
  const { store } = ports;
  const { now, event, orderRef, visible, move } = orderMoves(ports);
  const stockLines = (order: Order): StockLine[] =>
    order.lines.map((line) => ({ productId: line.productId, quantity: line.quantity }));

  /** The cart's lines with today's products: what changed since the customer added them. */
  async function cartWithProducts(customerId: string) {
    const cart = await store.cart(customerId);
    const lines = await Promise.all(
      (cart?.lines ?? []).map(async (line) => ({ line, product: await store.product(line.productId) })),
    );
    const warnings: CartWarning[] = [];
    for (const { line, product } of lines) {
      if (!product?.listed) warnings.push({ productId: line.productId, problem: 'unavailable' });
      else if (product.available < line.quantity)
        warnings.push({
          productId: line.productId,
          problem: 'not_enough_stock',
          available: Math.max(0, product.available),
        });
      if (product && product.price.amount !== line.unitPriceSeen)
        warnings.push({
          productId: line.productId,
          problem: 'price_changed',
          seen: line.unitPriceSeen,
          now: product.price.amount,
        });
    }
    return { cart, lines, warnings };
  }

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
    vendors: Map<string, VendorListing | undefined>,
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
      throw problems.conflict('rates-needed', {
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
    const { cart, lines, warnings } = await cartWithProducts(caller.auth.userId);
    if (!cart || cart.lines.length === 0) throw problems.conflict('cart-empty');
    const destination = await ports.address(caller.auth.userId, input.addressId);
    if (!destination) throw problems.notFound();
    const vendorIds = [...new Set(cart.lines.map((line) => line.vendorId))];
    const missing = vendorIds.filter((vendorId) => !input.shipping[vendorId]);
    if (missing.length > 0)
      throw problems.unprocessable(
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
    if (pricingLines.length === 0) throw problems.conflict('cart-empty');
    const vendors = new Map<string, VendorListing | undefined>(
      await Promise.all(vendorIds.map(async (vendorId) => [vendorId, await store.vendor(vendorId)] as const)),
    );
    const quoted = mode === 'checkout' ? await store.quote(caller.auth.userId) : undefined;
    if (mode === 'checkout') {
      const sameChoice =
        quoted &&
        quoted.addressId === input.addressId &&
        quoted.cartVersion === cart.version &&
        JSON.stringify(Object.entries(quoted.shipping).sort()) ===
          JSON.stringify(Object.entries(input.shipping).sort());
      if (!quoted || !sameChoice || Date.parse(quoted.expiresAt) <= now().getTime())
        throw problems.conflict('quote-needed');
    }
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

  function quoteView(
    pricing: PricedCheckout,
    terms: { vendorId: string; etaDays: { min: number; max: number } }[],
    vendors: Map<string, VendorListing | undefined>,
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
    saveProduct: (listing: ProductListing) => store.saveProduct(listing),
    saveVendor: (listing: VendorListing) => store.saveVendor(listing),

    // ------------------------------------------------------------ cart

    async cart(caller: Caller) {
      const { lines, warnings } = await cartWithProducts(caller.auth.userId);
      return {
        items: lines.map(({ line, product }) => ({
          productId: line.productId,
          vendorId: line.vendorId,
          vendorName: product?.vendorName ?? '',
          name: product?.name ?? '',
          quantity: line.quantity,
          unitPrice: product?.price.amount ?? line.unitPriceSeen,
          unitPriceSeen: line.unitPriceSeen,
          available: product?.listed ? Math.max(0, product.available) : 0,
          imageUrl: product?.imageUrl ?? null,
        })),
        warnings,
      };
    },

    /** Sets a product's quantity in the cart (adding it at today's price); more than is in stock is a 409. */
    async setCartItem(caller: Caller, productId: string, quantity: number) {
      const product = await store.product(productId);
      if (!product?.listed) throw problems.notFound();
      if (product.available < quantity)
        throw problems.conflict('not-enough-stock', { available: Math.max(0, product.available) });
      await retryOnConflict(ORDER_RETRY, async () => {
        const cart = await store.cart(caller.auth.userId);
        const lines = cart?.lines ?? [];
        const existing = lines.find((line) => line.productId === productId);
        if (!existing && lines.length >= MAX_CART_LINES)
          throw problems.conflict('cart-full', { maxLines: MAX_CART_LINES });
        const at = now().toISOString();
        const nextLines = existing
          ? lines.map((line) =>
              line.productId === productId ? { ...line, quantity, unitPriceSeen: product.price.amount } : line,
            )
          : [
              ...lines,
              { productId, vendorId: product.vendorId, quantity, unitPriceSeen: product.price.amount, addedAt: at },
            ];
        await store.saveCart(
          { customerId: caller.auth.userId, lines: nextLines, version: (cart?.version ?? 0) + 1, updatedAt: at },
          cart?.version ?? null,
        );
      });
      return this.cart(caller);
    },

    async removeCartItem(caller: Caller, productId: string) {
      await retryOnConflict(ORDER_RETRY, async () => {
        const cart = await store.cart(caller.auth.userId);
        if (!cart?.lines.some((line) => line.productId === productId)) return;
        await store.saveCart(
          {
            ...cart,
            lines: cart.lines.filter((line) => line.productId !== productId),
            version: cart.version + 1,
            updatedAt: now().toISOString(),
          },
          cart.version,
        );
      });
      return this.cart(caller);
    },

    // ------------------------------------------------------------ quote and checkout

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
        expiresAt: new Date(now().getTime() + QUOTE_VALID_MINUTES * 60_000).toISOString(),
      });
      return {
        ...quoteView(pricing, terms, vendors),
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
      if (blocking.length > 0) throw problems.conflict('stock-gone', { lines: blocking });
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
      const items = [
        ...store.stock.reserve(checkoutId, lines),
        ...orders.map((order) => store.items.order(order, null)),
        store.items.checkout(checkout, null),
        store.items.cart({ ...cart, lines: [], version: cart.version + 1, updatedAt: at.toISOString() }, cart.version),
      ];
      const events = [
        store.stock.changed(checkoutId, lines, 'reserved', caller.correlationId),
        event(
          'checkout.created',
          { checkoutId, customerId: caller.auth.userId, orderIds: checkout.orderIds, total: checkout.total },
          caller.correlationId,
        ),
      ];
      try {
        await store.commit(items, events);
      } catch (error) {
        if (!(error instanceof WriteConflict)) throw error;
        const failed = store.stock.failedLines(error.positions, lines);
        if (failed.length > 0)
          throw problems.conflict('stock-gone', {
            lines: failed.map(({ productId, quantity }) => ({ productId, quantity, problem: 'not_enough_stock' })),
          });
        throw error;
      }
      return { checkout, orders };
    },

    async getCheckout(caller: Caller, checkoutId: string) {
      const checkout = await store.checkout(checkoutId);
      if (!checkout || checkout.customerId !== caller.auth.userId) throw problems.notFound();
      return checkout;
    },

    // ------------------------------------------------------------ the saga's steps

    /** What the order saga runs on: the payment for the whole checkout, split per order. */
    async sagaInput(checkoutId: string) {
      const checkout = await store.checkout(checkoutId);
      if (!checkout) return undefined;
      const orders = (await Promise.all(checkout.orderIds.map((orderId) => store.order(orderId)))).filter(
        (order): order is Order => order !== undefined,
      );
      const first = orders[0]!;
      return {
        checkoutId,
        payment: {
          reference: `order:${checkoutId}`,
          provider: checkout.provider,
          payerId: checkout.customerId,
          vendorId: orders.length === 1 ? first.vendorId : 'checkout',
          vendorKind: 'shop' as const,
          amount: checkout.total,
          expiresAt: checkout.expiresAt,
          customer: {
            name: first.destination.recipientName.slice(0, 100) || 'Pelanggan PetPro',
            phone: /^\+62\d{8,13}$/.test(first.destination.phone) ? first.destination.phone : undefined,
          },
          items: orders
            .flatMap((order) =>
              order.lines.map((line) => ({
                id: line.productId,
                name: line.name.slice(0, 100),
                price: line.unitPrice,
                quantity: line.quantity,
              })),
            )
            .concat(
              orders
                .filter((order) => order.shipping > 0)
                .map((order) => ({
                  id: `ship-${order.orderId}`.slice(0, 64),
                  name: `Ongkir ${order.vendorName}`.slice(0, 100),
                  price: order.shipping,
                  quantity: 1,
                })),
            )
            .concat(
              orders
                .filter((order) => order.tax > 0)
                .map((order) => ({
                  id: `ppn-${order.orderId}`.slice(0, 64),
                  name: 'PPN',
                  price: order.tax,
                  quantity: 1,
                })),
            ),
          splits: orders.map((order) => ({
            vendorId: order.vendorId,
            reference: `order:${order.orderId}`,
            amount: order.total,
            commission: order.commission,
            shipping: order.shipping,
          })),
        },
      };
    },

    async recordPayment(
      checkoutId: string,
      payment: { paymentId: string; redirectUrl: string | null; expiresAt: string },
    ): Promise<{ status: Checkout['status'] }> {
      return retryOnConflict(ORDER_RETRY, async () => {
        const checkout = await store.checkout(checkoutId);
        if (!checkout) throw problems.notFound();
        if (checkout.payment) return { status: checkout.status };
        await store.commit(
          [
            store.items.checkout(
              { ...checkout, payment, version: checkout.version + 1, updatedAt: now().toISOString() },
              checkout.version,
            ),
          ],
          [],
        );
        return { status: checkout.status };
      });
    },

    /** Paid: every order paid and its stock committed, once (the reservation's items say whether it already was). */
    async markPaid(
      checkoutId: string,
      paymentId: string,
      correlationId: string,
    ): Promise<{ status: Checkout['status'] }> {
      return retryOnConflict(ORDER_RETRY, async () => {
        const checkout = await store.checkout(checkoutId);
        if (!checkout) throw problems.notFound();
        if (checkout.status !== 'pending_payment') return { status: checkout.status };
        const orders = (await Promise.all(checkout.orderIds.map((orderId) => store.order(orderId)))).filter(
          (order): order is Order => order !== undefined,
        );
        const lines = orders.flatMap(stockLines);
        const at = now().toISOString();
        const items = [
          store.items.checkout(
            { ...checkout, status: 'paid', version: checkout.version + 1, updatedAt: at },
            checkout.version,
          ),
          ...orders.map((order) =>
            store.items.order(
              { ...order, status: 'paid', paymentId, version: order.version + 1, updatedAt: at },
              order.version,
            ),
          ),
          ...store.stock.commit(checkoutId, lines),
        ];
        const events = [
          store.stock.changed(checkoutId, lines, 'committed', correlationId),
          ...orders.map((order) => event('order.paid', { ...orderRef(order), paymentId }, correlationId)),
        ];
        await store.commit(items, events);
        return { status: 'paid' as const };
      });
    },

    /**
     * Safety net behind the order saga (one never started, or lost with its state): checkouts still
     * awaiting payment `marginMinutes` past their expiry release their stock and expire their orders,
     * as the saga's own release does (once: the checkout's status and version guard it, so a saga
     * that is still alive finds it done). order.expired makes payments close the attempt and return
     * any money that still comes (decision 0020).
     */
    async sweepCheckouts(marginMinutes = 10): Promise<string[]> {
      const before = new Date(now().getTime() - marginMinutes * 60_000).toISOString();
      const released: string[] = [];
      for (const checkout of await store.staleCheckouts(before, 100)) {
        const { released: done } = await this.release(
          checkout.checkoutId,
          'checkout expired (swept)',
          `sweep-${checkout.checkoutId}`,
        );
        if (done) released.push(checkout.checkoutId);
      }
      return released;
    },

    /** The saga gave up: every reservation released, every order expired, once. */
    async release(
      checkoutId: string,
      reason: string,
      correlationId: string,
    ): Promise<{ status: Checkout['status']; released: boolean }> {
      return retryOnConflict(ORDER_RETRY, async () => {
        const checkout = await store.checkout(checkoutId);
        if (!checkout) throw problems.notFound();
        if (checkout.status !== 'pending_payment') return { status: checkout.status, released: false };
        const orders = (await Promise.all(checkout.orderIds.map((orderId) => store.order(orderId)))).filter(
          (order): order is Order => order !== undefined,
        );
        // Only lines still reserved (a retried release finds them released).
        const reserved = (await store.stock.reservation(checkoutId))
          .filter((line) => line.status === 'reserved')
          .map(({ productId, quantity }) => ({ productId, quantity }));
        const at = now().toISOString();
        const items = [
          store.items.checkout(
            { ...checkout, status: 'expired', version: checkout.version + 1, updatedAt: at },
            checkout.version,
          ),
          ...orders.map((order) =>
            store.items.order(
              { ...order, status: 'expired', cancelReason: reason, version: order.version + 1, updatedAt: at },
              order.version,
            ),
          ),
          ...(reserved.length > 0 ? store.stock.release(checkoutId, reserved) : []),
        ];
        const events = [
          ...(reserved.length > 0 ? [store.stock.changed(checkoutId, reserved, 'released', correlationId)] : []),
          ...orders.map((order) => event('order.expired', { ...orderRef(order), reason }, correlationId)),
        ];
        await store.commit(items, events);
        return { status: 'expired' as const, released: true };
      });
    },

    // ------------------------------------------------------------ orders

    get: async (caller: Caller, orderId: string) => (await visible(caller, orderId)).order,
    mine: (caller: Caller, limit: number, cursor?: string) => store.customerOrders(caller.auth.userId, limit, cursor),

    async vendorOrders(
      caller: Caller,
      vendorId: string,
      status: OrderStatus | undefined,
      limit: number,
      cursor?: string,
    ) {
      if (
        !caller.auth.groups.includes('platform_admin') &&
        !isStaff(await ports.staffRole(vendorId, caller.auth.userId))
      )
        throw problems.notFound();
      return store.vendorOrders(vendorId, status, limit, cursor);
    },

    /**
     * Cancel: the customer before shipping is requested, the vendor (with a reason) until then too. A
     * paid order's stock goes back on hand and its total is refunded through payments (order.refund_due).
     * Once the vendor asked for the courier (order.ship_requested) it is 409 until shipping refuses the
     * request: the cancel and the ship request both change the order on its version, so only one wins.
     */
    async cancel(caller: Caller, orderId: string, reason: string | undefined): Promise<Order> {
      const { as } = await visible(caller, orderId);
      if (as === 'vendor' && !reason)
        throw problems.unprocessable('validation', [{ path: 'body.reason', message: 'the vendor gives a reason' }]);
      const result = await move(orderId, ['paid', 'processing'], (order) => {
        if (order.shipment || order.shipRequest) return 'skip';
        const events = [
          // The catalog republishes the products' availability (search) from it.
          store.stock.changed(order.checkoutId, stockLines(order), 'restocked', caller.correlationId),
          event('order.cancelled', { ...orderRef(order), by: as, reason: reason ?? null }, caller.correlationId),
          event(
            'order.refund_due',
            {
              orderId,
              checkoutId: order.checkoutId,
              paymentId: order.paymentId!,
              reference: `order:${orderId}`,
              amount: order.total,
              reason: reason ?? `Order cancelled by the ${as}`,
            },
            caller.correlationId,
          ),
        ];
        return {
          changes: { status: 'cancelled', cancelledBy: as, cancelReason: reason ?? null },
          items: store.stock.restock(stockLines(order)),
          events,
        };
      });
      if (!result.changed)
        throw problems.conflict('order-state', {
          state: result.order.status,
          shipRequested: Boolean(result.order.shipRequest || result.order.shipment),
        });
      return result.order;
    },

    /** Delivered orders complete on their own after AUTO_COMPLETE_DAYS. */
    async autoComplete(): Promise<string[]> {
      const before = new Date(now().getTime() - AUTO_COMPLETE_DAYS * 86_400_000).toISOString();
      const completed: string[] = [];
      for (const order of await store.deliveredBefore(before, 100)) {
        const result = await move(order.orderId, ['delivered'], (current) => ({
          changes: { status: 'completed' },
          items: [store.deliveredItems.remove(current.orderId, current.deliveredAt!)],
          events: [event('order.completed', orderRef(current), `auto-complete-${current.orderId}`)],
        }));
        if (result.changed) completed.push(order.orderId);
      }
      return completed;
    },
  };
}

export type OrdersService = ReturnType<typeof ordersService>;
