import { describe, expect, it } from 'vitest';
import { booking, FakeBookingsRepository, fresh, NOW, offered, problem } from './fake-bookings-repository';
import { RescheduleBloc } from './reschedule-bloc';

const CURRENT = '2026-12-09T02:00:00.000Z';
const OTHER = '2026-12-09T03:30:00.000Z';

function setUp() {
  const repository = new FakeBookingsRepository();
  repository.bookingAnswers.push(fresh(booking({ start: CURRENT, end: '2026-12-09T03:00:00.000Z' })));
  const bloc = new RescheduleBloc(repository, 'b-1', () => NOW);
  return { repository, bloc };
}

describe('RescheduleBloc', () => {
  it("opens on the booking's day with its own time marked, and moves it to the chosen slot", async () => {
    const { repository, bloc } = setUp();
    repository.slotAnswers.push([offered(CURRENT, 60, 0), offered(OTHER, 60, 1)]);
    await bloc.add({ type: 'load-requested' });
    expect(bloc.slots.state.day).toBe('2026-12-09');
    expect(bloc.slots.state.slots.map((slot) => slot.state)).toEqual(['current', 'bookable']);
    await bloc.slots.add({ type: 'slot-selected', start: CURRENT });
    expect(bloc.slots.state.selected).toBeNull();
    await bloc.slots.add({ type: 'slot-selected', start: OTHER });
    await bloc.add({ type: 'submitted' });
    expect(repository.callsOf('reschedule')).toEqual([['b-1', OTHER]]);
    expect(bloc.state.moved?.start).toBe(OTHER);
  });

  it('shows the slot-gone problem and asks for the slots again', async () => {
    const { repository, bloc } = setUp();
    repository.slotAnswers.push([offered(OTHER, 60, 1)], [offered(OTHER, 60, 0)]);
    repository.rescheduleAnswers.push(problem(409, 'slot-full', 'Maaf, slot waktu ini baru saja terisi.'));
    await bloc.add({ type: 'load-requested' });
    await bloc.slots.add({ type: 'slot-selected', start: OTHER });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state).toMatchObject({ slotGone: true, moved: null, error: { kind: 'problem', status: 409 } });
    expect(bloc.slots.state.slots.find((slot) => slot.start === OTHER)?.state).toBe('full');
  });

  it('offers no slots for a booking that can no longer move', async () => {
    const repository = new FakeBookingsRepository();
    repository.bookingAnswers.push(fresh(booking({ status: 'cancelled' })));
    const bloc = new RescheduleBloc(repository, 'b-1', () => NOW);
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state.status).toBe('ready');
    expect(repository.callsOf('slots')).toEqual([]);
  });
});
