import { OfflineError } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { BookBloc } from './book-bloc';
import {
  booking,
  clinic,
  FakeBookingsRepository,
  NOW,
  offered,
  pet,
  problem,
  sterilisation,
} from './fake-bookings-repository';

const SLOT = '2026-12-09T02:00:00.000Z';
const NEXT = '2026-12-09T03:30:00.000Z';
const slotsOnWednesday = () => [offered(SLOT, 60, 1), offered(NEXT, 60, 1)];

function setUp(route: { serviceId?: string } = { serviceId: sterilisation.serviceId }) {
  const repository = new FakeBookingsRepository();
  let keys = 0;
  const bloc = new BookBloc(
    repository,
    { vendorId: clinic.vendorId, ...route },
    () => `key-${++keys}`,
    () => NOW,
  );
  return { repository, bloc };
}

async function ready(bloc: BookBloc) {
  await bloc.add({ type: 'load-requested' });
  await bloc.slots.add({ type: 'day-selected', day: '2026-12-09' });
  await bloc.slots.add({ type: 'slot-selected', start: SLOT });
}

describe('BookBloc', () => {
  it('loads the clinic and pets, preselects the service and the one pet it serves, and shows its slots', async () => {
    const { repository, bloc } = setUp();
    repository.petAnswers.push([pet(), pet({ petId: 'pet-bruno', name: 'Bruno', species: 'dog' })]);
    repository.slotAnswers.push(slotsOnWednesday());
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'ready', serviceId: 'svc-steril', petId: 'pet-mochi' });
    expect(repository.callsOf('slots')[0]?.slice(0, 2)).toEqual(['v-kemang', 'svc-steril']);
    expect(bloc.slots.state.day).toBe('2026-12-09');
  });

  it('refuses a pet the service does not serve', async () => {
    const { repository, bloc } = setUp();
    repository.petAnswers.push([pet(), pet({ petId: 'pet-bruno', name: 'Bruno', species: 'dog' })]);
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'pet-selected', petId: 'pet-bruno' });
    expect(bloc.state.petId).toBe('pet-mochi');
  });

  it('asks to choose a service when none was preselected, and loads no slots until then', async () => {
    const { repository, bloc } = setUp({});
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state.serviceId).toBeNull();
    expect(repository.callsOf('slots')).toEqual([]);
    await bloc.add({ type: 'service-selected', serviceId: 'svc-consult' });
    expect(bloc.state.serviceId).toBe('svc-consult');
    expect(repository.callsOf('slots')[0]?.[1]).toBe('svc-consult');
  });

  it('books the chosen slot for the chosen pet with an Idempotency-Key', async () => {
    const { repository, bloc } = setUp();
    repository.slotAnswers.push(slotsOnWednesday());
    await ready(bloc);
    await bloc.add({ type: 'submitted' });
    expect(repository.callsOf('book')).toEqual([
      [{ vendorId: 'v-kemang', serviceId: 'svc-steril', petId: 'pet-mochi', start: SLOT }, 'key-1'],
    ]);
    expect(bloc.state.booked?.start).toBe(SLOT);
  });

  it('books nothing without a slot or a pet', async () => {
    const { repository, bloc } = setUp();
    repository.petAnswers.push([]);
    repository.slotAnswers.push(slotsOnWednesday());
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'submitted' });
    await bloc.slots.add({ type: 'slot-selected', start: SLOT });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.pets).toEqual([]);
    expect(repository.callsOf('book')).toEqual([]);
  });

  it('retries an unanswered attempt with the same key, and a new choice with a new one', async () => {
    const { repository, bloc } = setUp();
    repository.slotAnswers.push(slotsOnWednesday());
    repository.bookAnswers.push(new OfflineError('id'), problem(503, 'unavailable', 'Layanan sedang sibuk'));
    await ready(bloc);
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.error).toMatchObject({ kind: 'message' });
    await bloc.add({ type: 'submitted' });
    await bloc.slots.add({ type: 'slot-selected', start: NEXT });
    await bloc.add({ type: 'submitted' });
    expect(repository.callsOf('book').map(([, key]) => key)).toEqual(['key-1', 'key-1', 'key-2']);
    expect(bloc.state.booked?.start).toBe(NEXT);
  });

  it("shows the API's words when the slot was just taken, and asks for the slots again", async () => {
    const { repository, bloc } = setUp();
    const taken = problem(409, 'slot-full', 'Maaf, slot waktu ini baru saja terisi. Silakan pilih waktu lain.');
    repository.slotAnswers.push(slotsOnWednesday(), [offered(SLOT, 60, 0), offered(NEXT, 60, 1)]);
    repository.bookAnswers.push(taken);
    await ready(bloc);
    await bloc.add({ type: 'submitted' });
    expect(bloc.state).toMatchObject({
      submitting: false,
      slotGone: true,
      booked: null,
      error: {
        kind: 'problem',
        status: 409,
        title: 'Maaf, slot waktu ini baru saja terisi. Silakan pilih waktu lain.',
      },
    });
    expect(repository.callsOf('slots')).toHaveLength(2);
    expect(bloc.slots.state.day).toBe('2026-12-09');
    expect(bloc.slots.state.slots.find((slot) => slot.start === SLOT)?.state).toBe('full');
    expect(bloc.slots.state.selected).toBeNull();
    // The next attempt is a new one.
    await bloc.slots.add({ type: 'slot-selected', start: NEXT });
    await bloc.add({ type: 'submitted' });
    expect(repository.callsOf('book').map(([, key]) => key)).toEqual(['key-1', 'key-2']);
  });

  it('shows why the clinic or the pets could not be loaded', async () => {
    const { repository, bloc } = setUp();
    repository.clinicAnswers.push(problem(404, 'not-found', 'Tidak ditemukan'));
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'error', error: { kind: 'problem', status: 404 } });
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state.status).toBe('ready');
  });

  it('keeps the booking answered for the screen to go on to', async () => {
    const { repository, bloc } = setUp();
    repository.slotAnswers.push(slotsOnWednesday());
    repository.bookAnswers.push(booking({ bookingId: 'b-new', status: 'pending_payment' }));
    await ready(bloc);
    await bloc.add({ type: 'submitted' });
    await bloc.add({ type: 'submitted' });
    expect(repository.callsOf('book')).toHaveLength(1);
    expect(bloc.state.booked?.bookingId).toBe('b-new');
  });
});
