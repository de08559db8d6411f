import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newId } from '#shared/lib/ids.ts';
import {
  adjustStockItem,
  commitItems,
  createStockItem,
  failedLines,
  lineOfItem,
  releaseItems,
  reservation,
  reserveItems,
  stockLevel,
  type StockLevel,
  type StockLine,
} from '#shared/table/stock.ts';
import { commitWithEvents, ConditionFailedError, type TransactItem } from '#shared/table/transact.ts';
import { useLocalDynamo } from '#local/testing.ts';

/**
 * The stock primitives (shared/table/stock.ts) on DynamoDB Local: whatever runs at once —
 * reservations, releases, commits, vendors' adjustments — stock is never negative, never
 * oversold, and `available` is always onHand − reserved.
 */

useLocalDynamo();

const at = () => new Date().toISOString();

async function newProducts(initial: readonly number[]): Promise<string[]> {
  const ids = initial.map(() => newId());
  await commitWithEvents(ids.map((productId, index) => createStockItem(productId, initial[index]!, at())));
  return ids;
}

/** Runs the transaction; true when it committed, false when a condition or a concurrent transaction stopped it. */
async function attempt(items: TransactItem[]): Promise<boolean> {
  try {
    await commitWithEvents(items);
    return true;
  } catch (error) {
    if (error instanceof ConditionFailedError || (error as Error).name === 'TransactionRaceError') return false;
    throw error;
  }
}

async function failure(items: TransactItem[]): Promise<ConditionFailedError> {
  const error = await commitWithEvents(items).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConditionFailedError);
  return error as ConditionFailedError;
}

const level = async (productId: string) => (await stockLevel(productId))!;
const numbers = ({ onHand, reserved, available }: StockLevel) => ({ onHand, reserved, available });

function expectConsistent(stock: StockLevel) {
  expect(stock.onHand).toBeGreaterThanOrEqual(0);
  expect(stock.reserved).toBeGreaterThanOrEqual(0);
  expect(stock.available).toBeGreaterThanOrEqual(0);
  expect(stock.available).toBe(stock.onHand - stock.reserved);
}

describe('stock primitives', () => {
  it('reserves, releases and commits, keeping available = onHand − reserved and a version that grows', async () => {
    const [a, b] = await newProducts([5, 2]);
    const lines: StockLine[] = [
      { productId: a!, quantity: 3 },
      { productId: b!, quantity: 2 },
    ];
    const first = newId();
    await commitWithEvents(reserveItems(first, lines));
    expect(numbers(await level(a!))).toEqual({ onHand: 5, reserved: 3, available: 2 });
    expect(numbers(await level(b!))).toEqual({ onHand: 2, reserved: 2, available: 0 });
    expect((await reservation(first)).sort((x, y) => x.productId.localeCompare(y.productId))).toEqual(
      lines.map((line) => ({ ...line, status: 'reserved' })).sort((x, y) => x.productId.localeCompare(y.productId)),
    );

    await commitWithEvents(commitItems(first, lines));
    expect(numbers(await level(a!))).toEqual({ onHand: 2, reserved: 0, available: 2 });
    expect(numbers(await level(b!))).toEqual({ onHand: 0, reserved: 0, available: 0 });
    expect((await reservation(first)).map((line) => line.status)).toEqual(['committed', 'committed']);

    const second = newId();
    await commitWithEvents(reserveItems(second, [{ productId: a!, quantity: 2 }]));
    await commitWithEvents(releaseItems(second, [{ productId: a!, quantity: 2 }]));
    expect(numbers(await level(a!))).toEqual({ onHand: 2, reserved: 0, available: 2 });
    expect((await level(a!)).version).toBe(5);
    expect(await reservation(second)).toEqual([{ productId: a!, quantity: 2, status: 'released' }]);
  });

  it('refuses to oversell, naming the line that failed; nothing of the transaction happens', async () => {
    const [a, b, c] = await newProducts([4, 1, 9]);
    const lines = [
      { productId: a!, quantity: 2 },
      { productId: b!, quantity: 2 },
      { productId: c!, quantity: 1 },
    ];
    const offset = 3; // the caller's own items come first in its transaction
    const own = await newProducts([0, 0, 0]).then((ids) => ids.map((productId) => adjustStockItem(productId, 1, at())));
    const error = await failure([...own, ...reserveItems(newId(), lines)]);
    expect(failedLines(error.failed, lines, offset)).toEqual([
      { productId: b!, quantity: 2, line: 1, because: 'stock' },
    ]);
    expect(lineOfItem(offset + 3, offset)).toEqual({ line: 1, item: 'reservation' });
    expect(lineOfItem(1, offset)).toBeUndefined();
    expect(numbers(await level(a!))).toEqual({ onHand: 4, reserved: 0, available: 4 });
    expect(numbers(await level(c!))).toEqual({ onHand: 9, reserved: 0, available: 9 });
  });

  it('cannot reserve a product that has no stock item', async () => {
    const error = await failure(reserveItems(newId(), [{ productId: newId(), quantity: 1 }]));
    expect(error.failed).toEqual([0]);
  });

  it('release and commit are idempotent in effect: a second one fails its reservation condition and changes nothing', async () => {
    const [a] = await newProducts([3]);
    const lines = [{ productId: a!, quantity: 2 }];
    const id = newId();
    await commitWithEvents(reserveItems(id, lines));
    await commitWithEvents(releaseItems(id, lines));
    const before = await level(a!);
    expect(failedLines((await failure(releaseItems(id, lines))).failed, lines)).toEqual([
      { ...lines[0], line: 0, because: 'reservation' },
    ]);
    expect(failedLines((await failure(commitItems(id, lines))).failed, lines)).toEqual([
      { ...lines[0], line: 0, because: 'reservation' },
    ]);
    expect(await level(a!)).toEqual(before);

    const other = newId();
    await commitWithEvents(reserveItems(other, lines));
    await commitWithEvents(commitItems(other, lines));
    const afterCommit = await level(a!);
    await failure(commitItems(other, lines));
    await failure(releaseItems(other, lines));
    expect(await level(a!)).toEqual(afterCommit);
    expect(numbers(afterCommit)).toEqual({ onHand: 1, reserved: 0, available: 1 });
  });

  it('a reservation id reserves a product once (a retried checkout fails at its reservation item), and a wrong quantity releases nothing', async () => {
    const [a] = await newProducts([10]);
    const id = newId();
    await commitWithEvents(reserveItems(id, [{ productId: a!, quantity: 1 }]));
    const again = await failure(reserveItems(id, [{ productId: a!, quantity: 1 }]));
    expect(again.failed).toEqual([1]);
    await failure(releaseItems(id, [{ productId: a!, quantity: 5 }]));
    expect(numbers(await level(a!))).toEqual({ onHand: 10, reserved: 1, available: 9 });
  });

  it('adjustments never take on hand below what is reserved', async () => {
    const [a] = await newProducts([5]);
    await commitWithEvents(reserveItems(newId(), [{ productId: a!, quantity: 4 }]));
    await failure([adjustStockItem(a!, -2, at())]);
    await commitWithEvents([adjustStockItem(a!, -1, at())]);
    expect(numbers(await level(a!))).toEqual({ onHand: 4, reserved: 4, available: 0 });
    await failure([adjustStockItem(a!, 3, at(), 1)]); // not at that version any more
  });

  it('refuses lines it cannot put in one transaction', () => {
    const productId = newId();
    expect(() => reserveItems('r', [])).toThrow(/at least one line/);
    expect(() =>
      reserveItems('r', [
        { productId, quantity: 1 },
        { productId, quantity: 2 },
      ]),
    ).toThrow(/one line per product/);
    expect(() => reserveItems('r', [{ productId, quantity: 0 }])).toThrow(/positive integer/);
    expect(() =>
      releaseItems(
        'r',
        Array.from({ length: 51 }, () => ({ productId: newId(), quantity: 1 })),
      ),
    ).toThrow(/at most 50/);
  });
});

// ---------------------------------------------------------------- the property

interface Reservation {
  kind: 'reserve';
  lines: { product: number; quantity: number }[];
  then: 'release' | 'commit' | 'keep';
  twice: boolean;
}
interface Adjustment {
  kind: 'adjust';
  product: number;
  delta: number;
}
type Operation = Reservation | Adjustment;

const scenario = fc.integer({ min: 1, max: 3 }).chain((productCount) =>
  fc.record({
    initial: fc.array(fc.integer({ min: 0, max: 6 }), { minLength: productCount, maxLength: productCount }),
    operations: fc.array(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.record({
            kind: fc.constant('reserve' as const),
            lines: fc.uniqueArray(
              fc.record({
                product: fc.integer({ min: 0, max: productCount - 1 }),
                quantity: fc.integer({ min: 1, max: 3 }),
              }),
              {
                minLength: 1,
                maxLength: productCount,
                selector: (line) => line.product,
              },
            ),
            then: fc.constantFrom('release' as const, 'commit' as const, 'keep' as const),
            twice: fc.boolean(),
          }),
        },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('adjust' as const),
            product: fc.integer({ min: 0, max: productCount - 1 }),
            delta: fc.integer({ min: -4, max: 4 }).filter((d) => d !== 0),
          }),
        },
      ),
      { minLength: 4, maxLength: 24 },
    ),
  }),
);

describe('stock under concurrency (property)', () => {
  it('is never negative, never oversold, and adds up: onHand + sold = initial + adjustments', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ initial, operations }) => {
        const products = await newProducts(initial);
        const adjusted = initial.map(() => 0);
        const added = initial.map(() => 0);
        const lineOf = (line: { product: number; quantity: number }): StockLine => ({
          productId: products[line.product]!,
          quantity: line.quantity,
        });

        // 1. Everything at once: reservations, and adjustments racing them.
        const reservations: { id: string; operation: Reservation; reserved: boolean }[] = [];
        await Promise.all(
          operations.map(async (operation: Operation) => {
            if (operation.kind === 'adjust') {
              if (await attempt([adjustStockItem(products[operation.product]!, operation.delta, at())])) {
                adjusted[operation.product]! += operation.delta;
                added[operation.product]! += Math.max(0, operation.delta);
              }
              return;
            }
            const id = newId();
            const entry = { id, operation, reserved: false };
            reservations.push(entry);
            entry.reserved = await attempt(reserveItems(id, operation.lines.map(lineOf)));
          }),
        );
        for (const productId of products) expectConsistent(await level(productId));

        // 2. Then, at once: each reservation released, committed or kept — some twice (a redelivered step), some crossing.
        await Promise.all(
          reservations.flatMap(({ id, operation }) => {
            if (operation.then === 'keep') return [];
            const build = operation.then === 'release' ? releaseItems : commitItems;
            const other = operation.then === 'release' ? commitItems : releaseItems;
            const lines = operation.lines.map(lineOf);
            return [
              attempt(build(id, lines)),
              ...(operation.twice ? [attempt(build(id, lines)), attempt(other(id, lines))] : []),
            ];
          }),
        );

        // 3. After everything settled.
        const sold = products.map(() => 0);
        const held = products.map(() => 0);
        for (const { id, reserved } of reservations) {
          const lines = await reservation(id);
          if (!reserved) expect(lines).toEqual([]);
          for (const line of lines) {
            const index = products.indexOf(line.productId);
            if (line.status === 'committed') sold[index]! += line.quantity;
            if (line.status === 'reserved') held[index]! += line.quantity;
          }
        }
        for (const [index, productId] of products.entries()) {
          const stock = await level(productId);
          expectConsistent(stock);
          // Never sold more than there ever was.
          expect(sold[index]).toBeLessThanOrEqual(initial[index]! + added[index]!);
          expect(stock.onHand + sold[index]!).toBe(initial[index]! + adjusted[index]!);
          expect(stock.reserved).toBe(held[index]);
        }
      }),
      { numRuns: 120 },
    );
  }, 600_000);
});
