import type { EventEnvelope } from '../events/catalog.ts';
import { domainEvent } from '../events/envelope.ts';
import { tableDefinition, tableName } from './definition.ts';
import { defineEntity } from './entity.ts';
import { tx, type TransactItem } from './transact.ts';

/**
 * Stock: one item per product, owned by the catalog domain and moved by whoever sells it (orders'
 * checkout) through the transaction-item builders below, so the invariant is the database's:
 *
 *   pk STOCK#<productId>                      sk STOCK         onHand, reserved, available (= onHand − reserved), version
 *   pk STOCK_RESERVATION#<reservationId>      sk <productId>   quantity, status reserved → released | committed
 *
 * Every write keeps `available = onHand − reserved` and bumps `version`, and each is conditional:
 * a reservation needs `available >= quantity`, a vendor's adjustment `available + delta >= 0`, a
 * release or commit needs the reservation item still `reserved`. So stock never goes negative and
 * is never oversold, under any concurrency (functions/catalog/stock.test.ts is the property test).
 *
 * The builders return plain TransactItems for the caller's own transaction (shared/table/transact.ts
 * `commitWithEvents`): two items per line, in the order of `lines` — index 2i is line i's stock
 * item, 2i+1 its reservation item. `failedLines` maps ConditionFailedError.failed back to lines.
 * A transaction holds at most 100 items: at most 50 lines, fewer with the caller's own items.
 */

export interface StockLine {
  productId: string;
  quantity: number;
}

export type ReservationStatus = 'reserved' | 'released' | 'committed';

export interface StockLevel {
  productId: string;
  onHand: number;
  reserved: number;
  /** onHand − reserved: what can still be sold. */
  available: number;
  version: number;
  updatedAt: string;
}

export interface ReservationLine {
  reservationId: string;
  productId: string;
  quantity: number;
  status: ReservationStatus;
  createdAt: string;
  updatedAt: string;
}

/** Items per line in what reserveItems / releaseItems / commitItems return: [stock, reservation]. */
export const ITEMS_PER_LINE = 2;
/** Lines one call may take (a transaction holds at most 100 items). */
export const MAX_LINES = 50;

export const stockKey = (productId: string) => ({ pk: `STOCK#${productId}`, sk: 'STOCK' });
/** A reservation's partition: one item per line (product). */
const reservationPartition = ({ reservationId }: { reservationId: string }) => `STOCK_RESERVATION#${reservationId}`;
export const reservationKey = (reservationId: string, productId: string) => ({
  pk: reservationPartition({ reservationId }),
  sk: productId,
});

const stock = defineEntity<StockLevel, { productId: string }>({
  type: 'stock',
  version: 1,
  key: ({ productId }) => stockKey(productId),
});

const reservations = defineEntity<ReservationLine, { reservationId: string; productId: string }>({
  type: 'stockReservation',
  version: 1,
  key: ({ reservationId, productId }) => reservationKey(reservationId, productId),
}).withQueries({ linesOf: { partition: reservationPartition } });

const { partitionKey, sortKey } = tableDefinition;
const keyOf = (key: { pk: string; sk: string }) => ({ [partitionKey]: key.pk, [sortKey]: key.sk });

function checkLines(lines: readonly StockLine[]): void {
  if (lines.length === 0) throw new Error('stock: at least one line');
  if (lines.length > MAX_LINES) throw new Error(`stock: at most ${MAX_LINES} lines in one transaction`);
  const seen = new Set<string>();
  for (const line of lines) {
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1)
      throw new Error(`stock: quantity of ${line.productId} must be a positive integer`);
    // A transaction may not touch one item twice: merge the lines of a product first.
    if (seen.has(line.productId)) throw new Error(`stock: one line per product (${line.productId} twice)`);
    seen.add(line.productId);
  }
}

/** The stock item moves by these amounts (negative allowed) under `condition`; `available` follows onHand − reserved. */
function stockUpdate(
  productId: string,
  change: { onHand?: number; reserved?: number },
  condition: string,
  values: Record<string, unknown>,
  at: string,
): TransactItem {
  const onHand = change.onHand ?? 0;
  const reserved = change.reserved ?? 0;
  return tx.update({
    TableName: tableName(),
    Key: keyOf(stockKey(productId)),
    UpdateExpression:
      'SET #onHand = #onHand + :dOnHand, #reserved = #reserved + :dReserved, #available = #available + :dAvailable, #version = #version + :one, #updatedAt = :at',
    ConditionExpression: `attribute_exists(#pk) AND ${condition}`,
    ExpressionAttributeNames: {
      '#pk': partitionKey,
      '#onHand': 'onHand',
      '#reserved': 'reserved',
      '#available': 'available',
      '#version': 'version',
      '#updatedAt': 'updatedAt',
    },
    ExpressionAttributeValues: {
      ':dOnHand': onHand,
      ':dReserved': reserved,
      ':dAvailable': onHand - reserved,
      ':one': 1,
      ':at': at,
      ...values,
    },
  });
}

/** The reservation line goes from `reserved` to `to`, only if it is still reserved and for this quantity. */
function reservationMove(
  reservationId: string,
  line: StockLine,
  to: 'released' | 'committed',
  at: string,
): TransactItem {
  return tx.update({
    TableName: tableName(),
    Key: keyOf(reservationKey(reservationId, line.productId)),
    UpdateExpression: 'SET #status = :to, #updatedAt = :at',
    ConditionExpression: '#status = :reserved AND #quantity = :q',
    ExpressionAttributeNames: { '#status': 'status', '#updatedAt': 'updatedAt', '#quantity': 'quantity' },
    ExpressionAttributeValues: { ':to': to, ':at': at, ':reserved': 'reserved', ':q': line.quantity },
  });
}

/**
 * Per line: the stock item, only if `available >= quantity` → reserved += q, available -= q; and the
 * reservation item STOCK_RESERVATION#<reservationId> / <productId>, created attribute_not_exists
 * (status reserved). A failed stock item (even index) is stock gone; a failed reservation item (odd
 * index) means this reservation id already reserved that product (a retried checkout).
 */
export function reserveItems(reservationId: string, lines: StockLine[]): TransactItem[] {
  checkLines(lines);
  const at = new Date().toISOString();
  return lines.flatMap((line) => {
    const item: ReservationLine = {
      reservationId,
      productId: line.productId,
      quantity: line.quantity,
      status: 'reserved',
      createdAt: at,
      updatedAt: at,
    };
    return [
      stockUpdate(line.productId, { reserved: line.quantity }, '#available >= :q', { ':q': line.quantity }, at),
      tx.put(reservations.putParams({ reservationId, productId: line.productId }, item, { mustNotExist: true })),
    ];
  });
}

/**
 * Per line, only if the reservation item is `reserved` (for this quantity) → released; the stock
 * item: reserved -= q, available += q. Idempotent in effect: a second release (or a release after a
 * commit) fails its reservation condition at an odd index — callers treat that as done (`reservation`
 * tells the status when in doubt).
 */
export function releaseItems(reservationId: string, lines: StockLine[]): TransactItem[] {
  checkLines(lines);
  const at = new Date().toISOString();
  return lines.flatMap((line) => [
    stockUpdate(line.productId, { reserved: -line.quantity }, '#reserved >= :q', { ':q': line.quantity }, at),
    reservationMove(reservationId, line, 'released', at),
  ]);
}

/** Per line, only if the reservation item is `reserved` → committed; the stock item: reserved -= q, onHand -= q (available unchanged). */
export function commitItems(reservationId: string, lines: StockLine[]): TransactItem[] {
  checkLines(lines);
  const at = new Date().toISOString();
  return lines.flatMap((line) => [
    stockUpdate(
      line.productId,
      { reserved: -line.quantity, onHand: -line.quantity },
      '#reserved >= :q AND #onHand >= :q',
      { ':q': line.quantity },
      at,
    ),
    reservationMove(reservationId, line, 'committed', at),
  ]);
}

/** The reservation's lines and their status (for idempotent compensation); empty when there is none. */
export async function reservation(
  reservationId: string,
): Promise<{ productId: string; quantity: number; status: ReservationStatus }[]> {
  const lines: { productId: string; quantity: number; status: ReservationStatus }[] = [];
  let cursor: string | undefined;
  do {
    const page = await reservations.query.linesOf({ reservationId }, { consistent: true, limit: 100, cursor });
    lines.push(...page.items.map(({ productId, quantity, status }) => ({ productId, quantity, status })));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return lines;
}

/** Which line (and which of its two items) a transaction index belongs to; `offset` = where the first builder item sits in the caller's transaction. */
export function lineOfItem(index: number, offset = 0): { line: number; item: 'stock' | 'reservation' } | undefined {
  const at = index - offset;
  if (at < 0) return undefined;
  return { line: Math.floor(at / ITEMS_PER_LINE), item: at % ITEMS_PER_LINE === 0 ? 'stock' : 'reservation' };
}

/**
 * The lines whose items failed, from ConditionFailedError.failed, one entry per line in line
 * order. `because: 'reservation'`: the line's reservation item was not in the expected state
 * (reserve: this reservation id already reserved it; release/commit: already released or
 * committed, or another quantity) — DynamoDB then often reports the stock item too, and the
 * reservation is what matters. `'stock'`: only the stock item failed — not enough available
 * (reserve) or no such stock item. Indices outside the lines' items (the caller's own items,
 * events) are ignored.
 */
export function failedLines(
  failed: readonly number[],
  lines: readonly StockLine[],
  offset = 0,
): (StockLine & { line: number; because: 'stock' | 'reservation' })[] {
  const because = new Map<number, 'stock' | 'reservation'>();
  for (const index of failed) {
    const at = lineOfItem(index, offset);
    if (!at || !lines[at.line]) continue;
    if (at.item === 'reservation' || !because.has(at.line)) because.set(at.line, at.item);
  }
  return [...because].sort(([a], [b]) => a - b).map(([line, reason]) => ({ ...lines[line]!, line, because: reason }));
}

/**
 * The event to commit with reserve/release/commit items (same transaction), so the catalog
 * republishes those products' listings (search's availability).
 */
export function stockChangedEvent(
  reservationId: string,
  lines: readonly StockLine[],
  change: 'reserved' | 'released' | 'committed' | 'restocked',
  correlationId: string,
): EventEnvelope {
  return domainEvent(
    'stock.changed',
    { reservationId, productIds: lines.map((line) => line.productId), change },
    correlationId,
  ) as EventEnvelope;
}

// ---------------------------------------------------------------- the catalog's own use

/** The stock of a product (consistent read), or undefined before the product exists. */
export function stockLevel(productId: string): Promise<StockLevel | undefined> {
  return stock.get({ productId }, { consistent: true });
}

/** A new product's stock item (created with it): onHand = available = `onHand`, nothing reserved. */
export function createStockItem(productId: string, onHand: number, at: string): TransactItem {
  const item: StockLevel = { productId, onHand, reserved: 0, available: onHand, version: 1, updatedAt: at };
  return tx.put(stock.putParams({ productId }, item, { mustNotExist: true }));
}

/**
 * A vendor's adjustment: onHand += delta and available += delta, only if `available + delta >= 0`
 * (on hand never below what is reserved) and, when given, the stock is still at `expectedVersion`.
 */
export function adjustStockItem(productId: string, delta: number, at: string, expectedVersion?: number): TransactItem {
  if (!Number.isSafeInteger(delta) || delta === 0) throw new Error('stock: delta must be a non-zero integer');
  const versionCondition = expectedVersion === undefined ? '' : ' AND #version = :expected';
  return stockUpdate(
    productId,
    { onHand: delta },
    `#available >= :minus${versionCondition}`,
    {
      ':minus': -delta,
      ...(expectedVersion === undefined ? {} : { ':expected': expectedVersion }),
    },
    at,
  );
}

/** A condition that the stock item is still at `version` (a listing snapshot is consistent with it). */
export function stockUnchangedCheck(productId: string, version: number): TransactItem {
  return tx.check({
    TableName: tableName(),
    Key: keyOf(stockKey(productId)),
    ConditionExpression: '#version = :version',
    ExpressionAttributeNames: { '#version': 'version' },
    ExpressionAttributeValues: { ':version': version },
  });
}
