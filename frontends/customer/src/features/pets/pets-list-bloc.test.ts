import { ApiProblem, OfflineError } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { aPet, FakePetRepository } from './fake-pet-repository';
import { PetsListBloc, type PetsListState } from './pets-list-bloc';

const milo = aPet({ petId: '01JPET0000000000000000MILO', name: 'Milo' });
const bruno = aPet({ petId: '01JPET000000000000000BRUNO', name: 'Bruno', species: 'dog' });

describe('PetsListBloc', () => {
  it('loads the pets, by name: idle, loading, loaded from the API', async () => {
    const bloc = new PetsListBloc(new FakePetRepository([milo, bruno]));
    const seen: PetsListState['status'][] = [bloc.state.status];
    bloc.subscribe((state) => seen.push(state.status));
    await bloc.add({ type: 'load-requested' });
    expect(seen).toEqual(['idle', 'loading', 'loaded']);
    expect(bloc.state).toEqual({
      status: 'loaded',
      pets: [bruno, milo],
      source: { updatedAt: '2026-12-07T01:00:00.000Z', fromCache: false },
    });
  });

  it("offline, shows the device's copy, marked with when it was read", async () => {
    const repository = new FakePetRepository([milo]);
    repository.offline = true;
    const bloc = new PetsListBloc(repository);
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'loaded', pets: [milo], source: { fromCache: true } });
  });

  it('offline with nothing kept, says so in both languages; a retry loads', async () => {
    const repository = new FakePetRepository([milo]).failNext('listPets', new OfflineError('id'));
    const bloc = new PetsListBloc(repository);
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({
      status: 'error',
      error: { kind: 'message', messages: { id: expect.any(String), en: expect.any(String) } },
    });
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'loaded', pets: [milo] });
  });

  it('keeps the list on screen while it reloads, and shows a problem in words', async () => {
    const problem = new ApiProblem({
      status: 503,
      type: 'https://petpro.id/problems/unavailable',
      title: 'Layanan sedang tidak tersedia',
      detail: 'Coba lagi sebentar lagi.',
    });
    const repository = new FakePetRepository([milo]);
    const bloc = new PetsListBloc(repository);
    await bloc.add({ type: 'load-requested' });
    const during: PetsListState[] = [];
    bloc.subscribe((state) => during.push(state));
    repository.failNext('listPets', problem);
    await bloc.add({ type: 'load-requested' });
    expect(during[0]).toMatchObject({ status: 'loading', pets: [milo] });
    expect(bloc.state).toMatchObject({ status: 'error', error: { kind: 'problem', title: problem.title } });
  });
});
