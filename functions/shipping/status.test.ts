import { describe, expect, it } from 'vitest';
import * as fc from 'fast-check';
import { SHIPMENT_STATUSES, type ShipmentStatus } from '#shared/lib/shipping.ts';
import { applyUpdates, biteshipStatus, BITESHIP_WORD, isFinal, isForward } from './status.ts';

describe('Biteship statuses', () => {
  it.each([
    ['confirmed', 'booked'],
    ['allocated', 'booked'],
    ['picking_up', 'booked'],
    ['picked', 'picked_up'],
    ['dropping_off', 'in_transit'],
    ['delivered', 'delivered'],
    ['cancelled', 'cancelled'],
    ['rejected', 'cancelled'],
    ['courier_not_found', 'cancelled'],
    ['returned', 'returned'],
  ])('%s → %s', (raw, ours) => {
    expect(biteshipStatus(raw)).toBe(ours);
  });

  it('knows the ones it does not act on, and nothing else', () => {
    expect(biteshipStatus('on_hold')).toBeNull();
    expect(biteshipStatus('return_in_transit')).toBeNull();
    expect(biteshipStatus('teleported')).toBeUndefined();
    expect(biteshipStatus('constructor')).toBeUndefined();
  });

  it('reads back what the sandbox sends for each of ours', () => {
    for (const [ours, word] of Object.entries(BITESHIP_WORD)) expect(biteshipStatus(word)).toBe(ours);
  });
});

describe('forward only', () => {
  it('follows booked → picked_up → in_transit → delivered, and never back', () => {
    const path: ShipmentStatus[] = ['requested', 'booked', 'picked_up', 'in_transit', 'delivered'];
    path.forEach((from, i) => path.forEach((to, j) => expect(isForward(from, to), `${from} → ${to}`).toBe(j > i)));
  });

  it('lets a late update jump steps, ends at delivered, cancelled or returned', () => {
    expect(isForward('booked', 'delivered')).toBe(true);
    expect(isForward('booked', 'returned')).toBe(true);
    expect(isForward('in_transit', 'cancelled')).toBe(false);
    for (const final of ['delivered', 'cancelled', 'returned'] as const) {
      expect(isFinal(final)).toBe(true);
      for (const to of SHIPMENT_STATUSES) expect(isForward(final, to)).toBe(false);
    }
  });

  it('duplicates and stale updates change nothing: each status is reached at most once, and the result is the furthest', () => {
    const real: ShipmentStatus[] = ['booked', 'picked_up', 'in_transit', 'delivered'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...real), { minLength: 1, maxLength: 20 }), (updates) => {
        const { final, transitions } = applyUpdates('requested', updates);
        const reached = transitions.map(([, to]) => to);
        expect(new Set(reached).size).toBe(reached.length);
        // The furthest status sent is where it ends, whatever the order.
        expect(final).toBe(real[Math.max(...updates.map((update) => real.indexOf(update)))]);
        transitions.forEach(([from, to]) => expect(isForward(from, to)).toBe(true));
      }),
    );
  });
});
