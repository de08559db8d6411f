import { ApiProblem } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { aPet, FakePetRepository } from './fake-pet-repository';
import { RecordFormBloc, validateRecordForm, type RecordField } from './record-form-bloc';

const TODAY = '2026-12-07';
const pet = aPet();

function newForm(repository: FakePetRepository, kind: 'vaccination' | 'treatment' | 'weight' = 'vaccination') {
  let n = 0;
  return new RecordFormBloc(repository, pet.petId, kind, { newKey: () => `key-${++n}`, today: () => TODAY });
}

async function fill(bloc: RecordFormBloc, fields: Partial<Record<RecordField, string>>) {
  for (const [field, value] of Object.entries(fields))
    await bloc.add({ type: 'text-changed', field: field as RecordField, value });
}

const blank = { date: '', vaccine: '', nextDueDate: '', title: '', vetName: '', weight: '', notes: '' };

describe('validateRecordForm', () => {
  it('sends only the chosen kind’s fields, empty optional ones left out', () => {
    const values = { ...blank, date: '01/11/2026', vaccine: ' Rabies ', title: 'ignored', weight: '9' };
    expect(validateRecordForm('vaccination', values, TODAY)).toEqual({
      input: { kind: 'vaccination', date: '2026-11-01', vaccine: 'Rabies' },
      errors: {},
    });
    expect(validateRecordForm('weight', { ...values, weight: '4,25', notes: 'setelah makan' }, TODAY).input).toEqual({
      kind: 'weight',
      date: '2026-11-01',
      weightKg: 4.25,
      notes: 'setelah makan',
    });
    expect(validateRecordForm('treatment', { ...values, vetName: 'drh. Sari' }, TODAY).input).toEqual({
      kind: 'treatment',
      date: '2026-11-01',
      title: 'ignored',
      vetName: 'drh. Sari',
    });
  });

  it('needs each kind’s own fields, a past date, and a next due date after it', () => {
    expect(validateRecordForm('vaccination', blank, TODAY).errors).toEqual({ date: 'required', vaccine: 'required' });
    expect(validateRecordForm('treatment', { ...blank, date: '08/12/2026' }, TODAY).errors).toEqual({
      date: 'future-date',
      title: 'required',
    });
    expect(validateRecordForm('weight', { ...blank, date: '1/1/2026', weight: '0' }, TODAY).errors).toEqual({
      weight: 'invalid-weight',
    });
    expect(
      validateRecordForm(
        'vaccination',
        { ...blank, date: '01/11/2026', vaccine: 'R', nextDueDate: '01/11/2026' },
        TODAY,
      ).errors,
    ).toEqual({ nextDueDate: 'due-before-date' });
    expect(
      validateRecordForm('vaccination', { ...blank, date: '01/11/2026', vaccine: 'R', nextDueDate: 'besok' }, TODAY)
        .errors,
    ).toEqual({ nextDueDate: 'invalid-date' });
    // The next dose may well be in the future: only the date given is checked against today.
    expect(
      validateRecordForm(
        'vaccination',
        { ...blank, date: '01/11/2026', vaccine: 'R', nextDueDate: '01/11/2027' },
        TODAY,
      ).input,
    ).toMatchObject({ nextDueDate: '2027-11-01' });
  });
});

describe('RecordFormBloc', () => {
  it('starts dated today and adds a vaccination with its next due date', async () => {
    const repository = new FakePetRepository([pet]);
    const bloc = newForm(repository);
    expect(bloc.state.values.date).toBe('07/12/2026');
    await fill(bloc, { vaccine: 'Rabies', nextDueDate: '07/12/2027', vetName: 'drh. Sari' });
    await bloc.add({ type: 'submitted' });
    expect(repository.callsOf('addRecord')).toEqual([
      [
        pet.petId,
        { kind: 'vaccination', date: '2026-12-07', vaccine: 'Rabies', nextDueDate: '2027-12-07', vetName: 'drh. Sari' },
        'key-1',
      ],
    ]);
    expect(bloc.state.status).toBe('saved');
  });

  it('switching the kind changes the fields checked', async () => {
    const repository = new FakePetRepository([pet]);
    const bloc = newForm(repository);
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.fieldErrors).toEqual({ vaccine: 'required' });
    await bloc.add({ type: 'kind-chosen', kind: 'weight' });
    expect(bloc.state.fieldErrors).toEqual({});
    await fill(bloc, { weight: '4,2' });
    await bloc.add({ type: 'submitted' });
    expect(repository.callsOf('addRecord')[0]?.[1]).toEqual({ kind: 'weight', date: '2026-12-07', weightKg: 4.2 });
  });

  it('offline, keeps the values and retries with the same Idempotency-Key', async () => {
    const repository = new FakePetRepository([pet]);
    repository.offline = true;
    const bloc = newForm(repository, 'treatment');
    await fill(bloc, { title: 'Obat cacing' });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state).toMatchObject({
      status: 'editing',
      values: { title: 'Obat cacing' },
      error: { kind: 'message' },
    });
    repository.offline = false;
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.status).toBe('saved');
    expect(repository.callsOf('addRecord').map((call) => call[2])).toEqual(['key-1', 'key-1']);
    expect(repository.records.get(pet.petId)).toHaveLength(1);
  });

  it('marks the fields the API refused', async () => {
    const repository = new FakePetRepository([pet]).failNext(
      'addRecord',
      new ApiProblem({
        status: 400,
        type: 'https://petpro.id/problems/validation',
        title: 'Ada kolom yang kosong atau tidak valid.',
        detail: '',
        errors: [{ path: 'body.weightKg', message: 'Too big' }],
      }),
    );
    const bloc = newForm(repository, 'weight');
    await fill(bloc, { weight: '150' });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state).toMatchObject({ status: 'editing', fieldErrors: { weight: 'rejected' } });
  });
});
