import { refuse } from '#shared/lib/refusal.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import type { Caller } from '#shared/auth/caller.ts';
import { MAX_CART_LINES } from './model.ts';
import { ORDER_RETRY, orderRules, type RecordPorts } from './order-rules.ts';

/**
 * The customer's cart, one across vendors: what is in it with today's prices and stock (and what
 * changed since each line was added), setting a product's quantity, removing it.
 */
export function cartService(ports: RecordPorts) {
  const { store, now, cartWithProducts } = orderRules(ports);

  return {
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
      if (!product?.listed) throw refuse.notFound();
      if (product.available < quantity)
        throw refuse.conflict('not-enough-stock', { available: Math.max(0, product.available) });
      await retryOnConflict(ORDER_RETRY, async () => {
        const cart = await store.cart(caller.auth.userId);
        const lines = cart?.lines ?? [];
        const existing = lines.find((line) => line.productId === productId);
        if (!existing && lines.length >= MAX_CART_LINES)
          throw refuse.conflict('cart-full', { maxLines: MAX_CART_LINES });
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
  };
}

export type CartService = ReturnType<typeof cartService>;
