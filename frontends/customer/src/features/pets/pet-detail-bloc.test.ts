import { describe, expect, it } from 'vitest';
import { aPet, aRecord, FakePetRepository } from './fake-pet-repository';
import { PetDetailBloc } from './pet-detail-bloc';

const pet = aPet();
const records = [
  aRecord({ kind: 'vaccination', date: '2026-01-10', vaccine: 'Tricat', nextDueDate: '2026-12-20' }),
  aRecord({ kind: 'vaccination', date: '2025-10-01', vaccine: 'Rabies', nextDueDate: '2026-10-01' }),
  aRecord({ kind: 'treatment', date: '2026-06-01', title: 'Obat cacing' }),
  aRecord({ kind: 'weight', date: '2026-12-01', weightKg: 4.2 }),
  aRecord({ kind: 'weight', date: '2026-09-01', weightKg: 3.9 }),
];

describe('PetDetailBloc', () => {
  it('shows the pet with its records grouped, what is due, and the weight trend', async () => {
    const bloc = new PetDetailBloc(new FakePetRepository([pet], records), pet.petId, () => '2026-12-07');
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state.status).toBe('loaded');
    if (bloc.state.status !== 'loaded') return;
    const { view, source } = bloc.state;
    expect(view.pet).toEqual(pet);
    expect(view.attention.map((v) => [v.vaccine, v.due])).toEqual([
      ['Rabies', { kind: 'overdue', days: 67 }],
      ['Tricat', { kind: 'due-soon', days: 13 }],
    ]);
    expect(view.records.treatments.map((t) => t.title)).toEqual(['Obat cacing']);
    expect(view.weight).toMatchObject({ kind: 'change', deltaKg: 0.3, latest: { weightKg: 4.2 } });
    expect(source).toEqual({ updatedAt: '2026-12-07T01:00:00.000Z', fromCache: false });
  });

  it("offline, shows the device's copy, marked", async () => {
    const repository = new FakePetRepository([pet], records);
    repository.offline = true;
    const bloc = new PetDetailBloc(repository, pet.petId, () => '2026-12-07');
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'loaded', source: { fromCache: true } });
  });

  it("another customer's pet (404) is a problem in words, and a reload keeps the view on screen", async () => {
    const bloc = new PetDetailBloc(new FakePetRepository(), 'someone-elses', () => '2026-12-07');
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'error', error: { kind: 'problem', status: 404 } });

    const shown = new PetDetailBloc(new FakePetRepository([pet]), pet.petId, () => '2026-12-07');
    await shown.add({ type: 'load-requested' });
    const loading: unknown[] = [];
    shown.subscribe((state) => loading.push(state));
    await shown.add({ type: 'load-requested' });
    expect(loading[0]).toMatchObject({ status: 'loading', view: { pet } });
  });
});
