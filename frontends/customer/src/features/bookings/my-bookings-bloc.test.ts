import { describe, expect, it } from 'vitest';
import { booking, FakeBookingsRepository, fresh, kept, NOW, problem } from './fake-bookings-repository';
import { MyBookingsBloc } from './my-bookings-bloc';

describe('MyBookingsBloc', () => {
  it('splits the bookings into upcoming and past', async () => {
    const repository = new FakeBookingsRepository();
    repository.listAnswers.push(
      fresh([
        booking({
          bookingId: 'done',
          status: 'completed',
          start: '2026-12-01T02:00:00.000Z',
          end: '2026-12-01T03:00:00.000Z',
        }),
        booking({ bookingId: 'next' }),
      ]),
    );
    const bloc = new MyBookingsBloc(repository, () => NOW);
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state.status).toBe('loaded');
    expect(bloc.state.upcoming.map((b) => b.bookingId)).toEqual(['next']);
    expect(bloc.state.past.map((b) => b.bookingId)).toEqual(['done']);
    expect(bloc.state.cached).toEqual({ updatedAt: NOW.toISOString(), fromCache: false });
  });

  it('shows the list kept on the device when offline, marked as such', async () => {
    const repository = new FakeBookingsRepository();
    repository.listAnswers.push(kept([booking()], '2026-12-06T10:00:00.000Z'));
    const bloc = new MyBookingsBloc(repository, () => NOW);
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state.cached).toEqual({ updatedAt: '2026-12-06T10:00:00.000Z', fromCache: true });
    expect(bloc.state.upcoming).toHaveLength(1);
  });

  it('shows the problem, and keeps a list already shown when a reload fails', async () => {
    const repository = new FakeBookingsRepository();
    const failure = problem(500, 'internal', 'Terjadi kesalahan');
    repository.listAnswers.push(failure, fresh([booking()]), failure);
    const bloc = new MyBookingsBloc(repository, () => NOW);
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'error', error: { kind: 'problem', status: 500 } });
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'loaded', error: { kind: 'problem' } });
    expect(bloc.state.upcoming).toHaveLength(1);
  });
});
