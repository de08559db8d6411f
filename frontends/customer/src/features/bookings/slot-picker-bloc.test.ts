import { describe, expect, it } from 'vitest';
import { clinic, consultation, FakeBookingsRepository, NOW, offered, problem } from './fake-bookings-repository';
import { SlotPickerBloc } from './slot-picker-bloc';

const target = { vendorId: clinic.vendorId, service: consultation, schedule: clinic.schedule };

describe('SlotPickerBloc', () => {
  it("asks once for the 14 days' slots and opens on the first day with room", async () => {
    const repository = new FakeBookingsRepository();
    repository.slotAnswers.push([offered('2026-12-08T02:00:00.000Z', 30, 1)]); // Tuesday 09.00 WIB
    const bloc = new SlotPickerBloc(repository, () => NOW);
    await bloc.add({ type: 'target-set', target });

    expect(repository.callsOf('slots')).toEqual([
      ['v-kemang', 'svc-consult', '2026-12-06T17:00:00.000Z', '2026-12-20T17:00:00.000Z'],
    ]);
    expect(bloc.state.status).toBe('loaded');
    expect(bloc.state.days).toHaveLength(14);
    expect(bloc.state.day).toBe('2026-12-08');
    expect([...bloc.state.openDays]).toEqual(['2026-12-08']);
    expect(bloc.state.slots.map((slot) => slot.state)).toEqual([
      'bookable',
      'unavailable',
      'unavailable',
      'unavailable',
    ]);
  });

  it("shows today's times gone crossed out, and lets none of them be chosen", async () => {
    const repository = new FakeBookingsRepository();
    repository.slotAnswers.push([offered('2026-12-07T06:00:00.000Z', 30, 1)]);
    const bloc = new SlotPickerBloc(repository, () => NOW);
    await bloc.add({ type: 'target-set', target, day: '2026-12-07' });

    const past = bloc.state.slots.filter((slot) => slot.state === 'past');
    expect(past.map((slot) => slot.start)).toEqual([
      '2026-12-07T02:00:00.000Z',
      '2026-12-07T02:40:00.000Z',
      '2026-12-07T03:20:00.000Z',
    ]);
    await bloc.add({ type: 'slot-selected', start: '2026-12-07T02:00:00.000Z' });
    expect(bloc.state.selected).toBeNull();
    expect(bloc.chosen).toBeNull();
    await bloc.add({ type: 'slot-selected', start: '2026-12-07T06:00:00.000Z' });
    expect(bloc.state.selected).toBe('2026-12-07T06:00:00.000Z');
    expect(bloc.chosen?.end).toBe('2026-12-07T06:30:00.000Z');
  });

  it('refuses a full slot, and forgets the choice when another day is shown', async () => {
    const repository = new FakeBookingsRepository();
    repository.slotAnswers.push([
      offered('2026-12-07T06:00:00.000Z', 30, 0),
      offered('2026-12-07T06:40:00.000Z', 30, 1),
    ]);
    const bloc = new SlotPickerBloc(repository, () => NOW);
    await bloc.add({ type: 'target-set', target });
    await bloc.add({ type: 'slot-selected', start: '2026-12-07T06:00:00.000Z' });
    expect(bloc.state.selected).toBeNull();
    await bloc.add({ type: 'slot-selected', start: '2026-12-07T06:40:00.000Z' });
    expect(bloc.state.selected).toBe('2026-12-07T06:40:00.000Z');
    await bloc.add({ type: 'day-selected', day: '2026-12-08' });
    expect(bloc.state.day).toBe('2026-12-08');
    expect(bloc.state.selected).toBeNull();
    await bloc.add({ type: 'day-selected', day: '2027-01-30' }); // not offered
    expect(bloc.state.day).toBe('2026-12-08');
  });

  it('reloads keeping the day shown, with the taken slot now full', async () => {
    const repository = new FakeBookingsRepository();
    repository.slotAnswers.push(
      [offered('2026-12-09T02:00:00.000Z', 30, 1), offered('2026-12-10T02:00:00.000Z', 30, 1)],
      [offered('2026-12-09T02:00:00.000Z', 30, 1), offered('2026-12-10T02:00:00.000Z', 30, 0)],
    );
    const bloc = new SlotPickerBloc(repository, () => NOW);
    await bloc.add({ type: 'target-set', target });
    await bloc.add({ type: 'day-selected', day: '2026-12-10' });
    await bloc.add({ type: 'slot-selected', start: '2026-12-10T02:00:00.000Z' });
    await bloc.add({ type: 'reload-requested' });
    expect(repository.callsOf('slots')).toHaveLength(2);
    expect(bloc.state.day).toBe('2026-12-10');
    expect(bloc.state.selected).toBeNull();
    expect(bloc.state.slots.map((slot) => slot.state)).toEqual(['full']);
    expect(bloc.state.openDays.has('2026-12-10')).toBe(false);
  });

  it("shows the API's problem when the slots cannot be read", async () => {
    const repository = new FakeBookingsRepository();
    repository.slotAnswers.push(problem(409, 'vendor-not-bookable', 'Klinik ini sedang tidak menerima pemesanan.'));
    const bloc = new SlotPickerBloc(repository, () => NOW);
    await bloc.add({ type: 'target-set', target });
    expect(bloc.state).toMatchObject({
      status: 'error',
      slots: [],
      error: { kind: 'problem', status: 409, title: 'Klinik ini sedang tidak menerima pemesanan.' },
    });
  });
});
