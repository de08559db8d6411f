import { describe, expect, it } from 'vitest';
import { addMoney, applyBasisPoints, formatRupiah, idr, roundRupiah } from './money.ts';
import { fromZonedWallClock, isIndonesianTimeZone, toZonedIso, zonedDate } from './time.ts';
import { isId, newId } from './ids.ts';
import { once } from './once.ts';

describe('money', () => {
  it('is whole rupiah only', () => {
    expect(idr(150_000)).toEqual({ amount: 150_000, currency: 'IDR' });
    expect(() => idr(1.5)).toThrow(RangeError);
    expect(addMoney(idr(100), idr(250))).toEqual(idr(350));
  });
  it('applies basis points with explicit rounding', () => {
    expect(applyBasisPoints(10_000, 1_100)).toBe(1_100); // 11%
    expect(applyBasisPoints(999, 1_100)).toBe(110); // 109.89 → 110
    expect(applyBasisPoints(999, 1_100, 'down')).toBe(109);
    expect(applyBasisPoints(1_005, 5_000)).toBe(503); // 502.5 half-up
    expect(applyBasisPoints(1_005, 5_000, 'down')).toBe(502);
    expect(roundRupiah(2.5)).toBe(3);
    expect(roundRupiah(2.4999)).toBe(2);
  });
  it('formats like Indonesians write it', () => {
    expect(formatRupiah(150000)).toBe('Rp150.000');
    expect(formatRupiah(idr(-2500))).toBe('-Rp2.500');
  });
});

describe('time', () => {
  it('knows WIB, WITA and WIT', () => {
    const instant = new Date('2026-12-24T01:00:00Z');
    expect(toZonedIso(instant, 'Asia/Jakarta')).toBe('2026-12-24T08:00:00+07:00');
    expect(toZonedIso(instant, 'Asia/Makassar')).toBe('2026-12-24T09:00:00+08:00');
    expect(toZonedIso(instant, 'Asia/Jayapura')).toBe('2026-12-24T10:00:00+09:00');
  });
  it('turns clinic wall-clock time into an instant and back', () => {
    const instant = fromZonedWallClock('2026-12-24', '08:00', 'Asia/Makassar');
    expect(instant.toISOString()).toBe('2026-12-24T00:00:00.000Z');
    expect(zonedDate(new Date('2026-12-24T17:30:00Z'), 'Asia/Jakarta')).toBe('2026-12-25');
    expect(() => fromZonedWallClock('2026-13-45', '08:00', 'Asia/Jakarta')).toThrow(RangeError);
    expect(isIndonesianTimeZone('Asia/Jakarta')).toBe(true);
    expect(isIndonesianTimeZone('Asia/Singapore')).toBe(false);
  });
});

describe('ids', () => {
  it('are ULIDs that sort by creation', () => {
    const ids = Array.from({ length: 50 }, () => newId());
    expect(ids.every(isId)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(50);
    expect(isId('not-an-id')).toBe(false);
    expect(isId('01ARZ3NDEKTSV4RRFFQ69G5FAI')).toBe(false); // I is not Crockford base32
  });
});

describe('once', () => {
  it('builds on first call, then keeps the value (undefined too)', () => {
    let builds = 0;
    const value = once(() => ({ build: ++builds }));
    expect(builds).toBe(0);
    expect(value()).toBe(value());
    expect(builds).toBe(1);
    const nothing = once(() => void builds++);
    expect(nothing()).toBeUndefined();
    nothing();
    expect(builds).toBe(2);
  });
});
