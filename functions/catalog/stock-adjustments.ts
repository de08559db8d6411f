import type { Caller } from '#shared/auth/caller.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import { WriteConflict } from '#shared/table/write-conflict.ts';
import type { StockLevel } from './model.ts';
import { adjustment, catalogAccess, catalogRules, RETRY, type AccessPorts } from './catalog-rules.ts';

/**
 * A vendor's stock of a product: its staff adjust it (on hand moves, never below what is reserved,
 * republishing the listing), and read the audit of those adjustments. Checkout's reservations move
 * the same stock item through shared/table/stock.ts.
 */
export function stockAdjustmentsService(ports: AccessPorts) {
  const { store, now, ownProduct, stockOf, listingEvent } = catalogRules(ports);
  const { access } = catalogAccess(ports);

  return {
    // ------------------------------------------------------------ stock

    /**
     * A vendor's adjustment (receiving goods, a count, damage): on hand moves by `delta`, never
     * below what is reserved (409), audited with who and why, with the listing event — one
     * transaction conditioned on the stock's version.
     */
    async adjustStock(caller: Caller, vendorId: string, productId: string, input: { delta: number; reason: string }) {
      await access(caller, vendorId, 'stock');
      const result = await retryOnConflict(RETRY, async () => {
        const product = await ownProduct(vendorId, productId);
        const [stock, vendor] = await Promise.all([stockOf(productId), store.vendor(vendorId)]);
        if (!vendor) throw refuse.conflict('vendor-not-selling');
        if (stock.available + input.delta < 0) {
          throw refuse.conflict('stock-below-reserved', {
            onHand: stock.onHand,
            reserved: stock.reserved,
            available: stock.available,
          });
        }
        const at = now().toISOString();
        const after: StockLevel = {
          ...stock,
          onHand: stock.onHand + input.delta,
          available: stock.available + input.delta,
          version: stock.version + 1,
          updatedAt: at,
        };
        const entry = adjustment(productId, input.delta, input.reason, caller, after, at);
        await store.commit(
          [
            { type: 'adjustStock', productId, delta: input.delta, expectedVersion: stock.version },
            { type: 'adjustment', item: entry },
            { type: 'productUnchanged', productId, version: product.version },
            { type: 'vendorUnchanged', vendorId, listingVersion: vendor.listingVersion },
          ],
          [await listingEvent(product, after, vendor, caller.correlationId)],
        );
        return {
          productId,
          adjustmentId: entry.adjustmentId,
          onHand: after.onHand,
          reserved: after.reserved,
          available: after.available,
          version: after.version,
        };
      }).catch((error: unknown) => {
        if (error instanceof WriteConflict) throw refuse.conflict('conflict');
        throw error;
      });
      return result;
    },

    async stockHistory(caller: Caller, vendorId: string, productId: string, limit: number, cursor?: string) {
      await access(caller, vendorId, 'read');
      await ownProduct(vendorId, productId);
      const page = await store.stockHistory(productId, limit, cursor);
      return {
        items: page.items.map(
          ({ adjustmentId, delta, reason, byUserId, byUsername, onHand, reserved, available, at }) => ({
            adjustmentId,
            delta,
            reason,
            by: { userId: byUserId, username: byUsername },
            onHand,
            reserved,
            available,
            at,
          }),
        ),
        nextCursor: page.nextCursor,
      };
    },
  };
}

export type StockAdjustmentsService = ReturnType<typeof stockAdjustmentsService>;
