import { defineEntity, isConditionFailure } from '#shared/table/entity.ts';
import { tableDefinition, tableName } from '#shared/table/definition.ts';
import { adjustStockItem, createStockItem, stockLevel, stockUnchangedCheck } from '#shared/table/stock.ts';
import { commitWithEvents, committing, tx, type TransactItem } from '#shared/table/transact.ts';
import { type CatalogStore, type CatalogVendor, type Product, type StockAdjustment, type Write } from './model.ts';

/**
 * The catalog domain's items:
 *
 *   pk PRODUCT#<productId>                  sk PRODUCT              product   gsi1 VENDOR_PRODUCTS#<vendorId> / <productId>
 *   pk PRODUCT#<productId>                  sk STOCK_ADJ#<ulid>     an audited stock adjustment (who, why, the stock after)
 *   pk PRODUCT_SKU#<vendorId>#<SKU>         sk SKU                  the SKU's owner (unique per vendor, upper-cased)
 *   pk CATALOG_VENDOR#<vendorId>            sk LISTING              the vendor as the catalog needs it (newest listing wins)
 *   pk STOCK#<productId> / STOCK_RESERVATION#<id>                    shared/table/stock.ts
 */
/** A product's partition: the product and its stock adjustments. */
const productPartition = ({ productId }: { productId: string }) => `PRODUCT#${productId}`;

const products = defineEntity<Product, { productId: string }>({
  type: 'product',
  version: 1,
  key: ({ productId }) => ({ pk: productPartition({ productId }), sk: 'PRODUCT' }),
}).withQueries({
  byVendor: {
    index: 'gsi1',
    partition: ({ vendorId }: { vendorId: string }) => `VENDOR_PRODUCTS#${vendorId}`,
    sort: (product) => product.productId,
  },
});

const STOCK_ADJUSTMENT = 'STOCK_ADJ#';
const adjustments = defineEntity<StockAdjustment, { productId: string; adjustmentId: string }>({
  type: 'stockAdjustment',
  version: 1,
  key: ({ productId, adjustmentId }) => ({
    pk: productPartition({ productId }),
    sk: `${STOCK_ADJUSTMENT}${adjustmentId}`,
  }),
}).withQueries({ ofProduct: { partition: productPartition, beginsWith: STOCK_ADJUSTMENT } });

interface SkuClaim {
  vendorId: string;
  sku: string;
  productId: string;
}

const skus = defineEntity<SkuClaim, { vendorId: string; sku: string }>({
  type: 'productSku',
  version: 1,
  key: ({ vendorId, sku }) => ({ pk: `PRODUCT_SKU#${vendorId}#${sku.toUpperCase()}`, sk: 'SKU' }),
});

const vendors = defineEntity<CatalogVendor, { vendorId: string }>({
  type: 'catalogVendor',
  version: 1,
  key: ({ vendorId }) => ({ pk: `CATALOG_VENDOR#${vendorId}`, sk: 'LISTING' }),
});

const { partitionKey, sortKey } = tableDefinition;

function versionCheck(key: { pk: string; sk: string }, attribute: string, value: number): TransactItem {
  return tx.check({
    TableName: tableName(),
    Key: { [partitionKey]: key.pk, [sortKey]: key.sk },
    ConditionExpression: '#attribute = :value',
    ExpressionAttributeNames: { '#attribute': attribute },
    ExpressionAttributeValues: { ':value': value },
  });
}

/** Each write as one transaction item. */
function itemOf(write: Write, at: string): TransactItem {
  switch (write.type) {
    case 'product': {
      const options =
        write.expectedVersion === null ? { mustNotExist: true } : { expectedVersion: write.expectedVersion };
      return tx.put(products.putParams(write.item, write.item, options));
    }
    case 'claimSku': {
      const claim = { vendorId: write.vendorId, sku: write.sku, productId: write.productId };
      return tx.put(skus.putParams(claim, claim, { mustNotExist: true }));
    }
    case 'freeSku':
      return tx.delete(
        skus.deleteParams(
          { vendorId: write.vendorId, sku: write.sku },
          {
            condition: {
              expression: '#productId = :productId',
              names: { '#productId': 'productId' },
              values: { ':productId': write.productId },
            },
          },
        ),
      );
    case 'newStock':
      return createStockItem(write.productId, write.onHand, at);
    case 'adjustStock':
      return adjustStockItem(write.productId, write.delta, at, write.expectedVersion);
    case 'adjustment':
      return tx.put(adjustments.putParams(write.item, write.item, { mustNotExist: true }));
    case 'productUnchanged':
      return versionCheck(products.key({ productId: write.productId }), 'version', write.version);
    case 'stockUnchanged':
      return stockUnchangedCheck(write.productId, write.version);
    case 'vendorUnchanged':
      return versionCheck(vendors.key({ vendorId: write.vendorId }), 'listingVersion', write.listingVersion);
  }
}

const meaningOf = (write: Write) => (write.type === 'claimSku' ? 'sku' : write.type);

export function dynamoCatalogStore(): CatalogStore {
  return {
    product: (productId) => products.get({ productId }, { consistent: true }),

    vendorProducts: (vendorId, limit, cursor) => products.query.byVendor({ vendorId }, { limit, cursor }),

    stock: (productId) => stockLevel(productId),

    stockHistory: (productId, limit, cursor) =>
      adjustments.query.ofProduct({ productId }, { limit, cursor, newestFirst: true }),

    vendor: (vendorId) => vendors.get({ vendorId }, { consistent: true }),

    async saveVendor(vendor) {
      // An update, not a put: the `published` mark of the previous listing stays.
      try {
        await vendors.update({ vendorId: vendor.vendorId }, vendor, {
          mustExist: false,
          condition: {
            expression: '(attribute_not_exists(#pk) OR listingVersion < :incoming)',
            values: { ':incoming': vendor.listingVersion },
          },
        });
        return 'saved';
      } catch (error) {
        if (isConditionFailure(error)) return 'stale';
        throw error;
      }
    },

    async markPublished(vendorId, listingVersion, published) {
      try {
        await vendors.update(
          { vendorId },
          { published },
          { condition: { expression: 'listingVersion = :at', values: { ':at': listingVersion } } },
        );
      } catch (error) {
        // A newer listing arrived meanwhile: its own delivery publishes it.
        if (!isConditionFailure(error)) throw error;
      }
    },

    async commit(writes, events) {
      const at = new Date().toISOString();
      await committing(
        () =>
          commitWithEvents(
            writes.map((write) => itemOf(write, at)),
            events,
          ),
        (position) => {
          const write = writes[position];
          return write ? meaningOf(write) : undefined;
        },
      );
    },
  };
}
