import { describe, expect, it } from 'vitest';
import { clinicDate, dayGrid, daysWindow, localMidnight, nextClinicDays, slotChoices } from './clinic-days';
import { clinic, consultation, NOW, offered } from './fake-bookings-repository';

const times = (slots: readonly { start: string }[]) =>
  slots.map((slot) => new Date(Date.parse(slot.start) + 7 * 3_600_000).toISOString().slice(11, 16));

describe('clinic days', () => {
  it("takes the clinic's date, not the device's: 23.30 UTC is already tomorrow in WIB, WITA and WIT", () => {
    const late = new Date('2026-12-07T23:30:00Z');
    expect(clinicDate(late, 'Asia/Jakarta')).toBe('2026-12-08');
    expect(clinicDate(new Date('2026-12-07T16:59:00Z'), 'Asia/Jakarta')).toBe('2026-12-07');
    expect(clinicDate(new Date('2026-12-07T16:00:00Z'), 'Asia/Makassar')).toBe('2026-12-08');
    expect(clinicDate(new Date('2026-12-07T15:00:00Z'), 'Asia/Jayapura')).toBe('2026-12-08');
  });

  it('offers today and the next 13 days, and asks the API for exactly their window', () => {
    const days = nextClinicDays(NOW, 'Asia/Jakarta');
    expect(days).toHaveLength(14);
    expect(days[0]).toBe('2026-12-07');
    expect(days[13]).toBe('2026-12-20');
    expect(daysWindow(days, 'Asia/Jakarta')).toEqual({
      from: '2026-12-06T17:00:00.000Z',
      to: '2026-12-20T17:00:00.000Z',
    });
    expect(localMidnight('2026-12-07', 'Asia/Jayapura').toISOString()).toBe('2026-12-06T15:00:00.000Z');
  });

  it("cuts a day's slots as the API does: each range from its opening, every duration + buffer, fitting before closing", () => {
    const grid = dayGrid(clinic.schedule, consultation, '2026-12-07'); // Monday
    expect(times(grid)).toEqual([
      '09:00',
      '09:40',
      '10:20',
      '11:00',
      '13:00',
      '13:40',
      '14:20',
      '15:00',
      '15:40',
      '16:20',
      '17:00',
      '17:40',
      '18:20',
      '19:00',
      '19:40',
      '20:20',
    ]);
    expect(grid[0]).toEqual({ start: '2026-12-07T02:00:00.000Z', end: '2026-12-07T02:30:00.000Z' });
    expect(dayGrid(clinic.schedule, consultation, '2026-12-09')).toEqual([]); // no Wednesday hours
    const closed = { ...clinic.schedule, exceptions: [{ date: '2026-12-07', closed: true }] };
    expect(dayGrid(closed, consultation, '2026-12-07')).toEqual([]);
  });

  it('crosses out what is gone, full or not offered; only what the API offers with room is bookable', () => {
    const grid = dayGrid(clinic.schedule, consultation, '2026-12-07');
    const choices = slotChoices(
      [offered('2026-12-07T06:00:00.000Z', 30, 1), offered('2026-12-07T06:40:00.000Z', 30, 0)],
      grid,
      NOW, // 10.30 WIB
    );
    const at = (time: string) => choices[times(choices).indexOf(time)]?.state;
    expect(at('09:00')).toBe('past');
    expect(at('10:20')).toBe('past');
    expect(at('11:00')).toBe('unavailable'); // within the clinic's lead time: the API did not offer it
    expect(at('13:00')).toBe('bookable');
    expect(at('13:40')).toBe('full');
    expect(at('14:20')).toBe('unavailable');
    expect(choices.filter((slot) => slot.state === 'bookable')).toHaveLength(1);
  });

  it('never offers a slot whose time has come, even when the API listed it', () => {
    const choices = slotChoices([offered('2026-12-07T03:00:00.000Z', 30, 1)], [], NOW);
    expect(choices).toEqual([
      { start: '2026-12-07T03:00:00.000Z', end: '2026-12-07T03:30:00.000Z', state: 'past', available: 1 },
    ]);
  });

  it("marks the booking's own time when moving it", () => {
    const choices = slotChoices([offered('2026-12-07T06:00:00.000Z', 30, 0)], [], NOW, '2026-12-07T06:00:00.000Z');
    expect(choices[0]?.state).toBe('current');
  });
});
