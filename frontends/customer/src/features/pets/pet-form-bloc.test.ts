import { ApiProblem } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { aPet, FakePetRepository } from './fake-pet-repository';
import { PetFormBloc, toPetPatch, validatePetForm, emptyPetForm, type PetFormState } from './pet-form-bloc';
import { PhotoError } from './pet-repository';

const TODAY = '2026-12-07';

function keys() {
  let n = 0;
  return () => `key-${++n}`;
}

function newForm(repository: FakePetRepository, petId?: string, locale: 'id' | 'en' = 'id') {
  return new PetFormBloc(repository, petId, { newKey: keys(), today: () => TODAY, locale: () => locale });
}

async function fill(bloc: PetFormBloc, fields: Partial<Record<'name' | 'breed' | 'birthDate' | 'weight', string>>) {
  for (const [field, value] of Object.entries(fields))
    await bloc.add({ type: 'text-changed', field: field as 'name', value });
}

const photo = { uri: 'blob:http://localhost/1', mimeType: 'image/png', sizeBytes: 69 };

describe('validatePetForm', () => {
  it('needs a name and a species, and checks dates and weights as typed', () => {
    expect(validatePetForm(emptyPetForm, TODAY)).toEqual({
      pet: null,
      errors: { name: 'required', species: 'required' },
    });
    expect(
      validatePetForm(
        { ...emptyPetForm, name: 'x'.repeat(61), species: 'cat', birthDate: '31/02/2024', weight: '0' },
        TODAY,
      ).errors,
    ).toEqual({ name: 'too-long', birthDate: 'invalid-date', weight: 'invalid-weight' });
    expect(
      validatePetForm({ ...emptyPetForm, name: 'Milo', species: 'cat', birthDate: '08/12/2026', weight: '201' }, TODAY)
        .errors,
    ).toEqual({ birthDate: 'future-date', weight: 'invalid-weight' });
  });

  it('answers the API values: trimmed, empty optional fields null, a decimal comma read', () => {
    expect(
      validatePetForm(
        { ...emptyPetForm, name: ' Milo ', species: 'cat', breed: ' ', birthDate: '01/02/2023', weight: '4,2' },
        TODAY,
      ).pet,
    ).toEqual({
      name: 'Milo',
      species: 'cat',
      breed: null,
      sex: 'unknown',
      birthDate: '2023-02-01',
      weightKg: 4.2,
      notes: null,
    });
  });
});

describe('toPetPatch', () => {
  it('sends only what changed; an emptied field is cleared with null', () => {
    const original = aPet({ name: 'Milo', breed: 'Domestik', weightKg: 4.2 });
    expect(
      toPetPatch(
        { name: 'Milo', species: 'cat', breed: null, sex: 'male', birthDate: '2023-02-01', weightKg: 4.2, notes: 'x' },
        original,
      ),
    ).toEqual({ breed: null, notes: 'x' });
  });
});

describe('PetFormBloc, adding', () => {
  it('refuses an incomplete form without asking the API, and clears a field error once it is edited', async () => {
    const repository = new FakePetRepository();
    const bloc = newForm(repository);
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.fieldErrors).toEqual({ name: 'required', species: 'required' });
    expect(repository.calls).toEqual([]);
    await fill(bloc, { name: 'Milo' });
    expect(bloc.state.fieldErrors).toEqual({ species: 'required' });
  });

  it('adds the pet, then uploads the picked photo, then is saved with the new id', async () => {
    const repository = new FakePetRepository();
    const bloc = newForm(repository);
    await fill(bloc, { name: 'Milo', breed: 'Anggora', birthDate: '01/02/2023', weight: '4,2' });
    await bloc.add({ type: 'species-chosen', species: 'cat' });
    await bloc.add({ type: 'sex-chosen', sex: 'female' });
    await bloc.add({ type: 'photo-picked', photo });
    expect(bloc.state.photo).toEqual({ status: 'picked', uri: photo.uri, photo });
    expect(repository.calls).toEqual([]); // no pet yet: the photo waits

    const statuses: string[] = [];
    bloc.subscribe((state) => statuses.push(`${state.status}/${state.photo.status}`));
    await bloc.add({ type: 'submitted' });

    expect(repository.callsOf('addPet')).toEqual([
      [
        { name: 'Milo', species: 'cat', sex: 'female', breed: 'Anggora', birthDate: '2023-02-01', weightKg: 4.2 },
        'key-1',
      ],
    ]);
    const petId = bloc.state.petId!;
    expect(repository.callsOf('uploadPhoto')).toEqual([[petId, photo]]);
    expect(statuses).toContain('editing/uploading');
    expect(bloc.state).toMatchObject({ status: 'saved', mode: 'edit', photo: { status: 'shown', uri: photo.uri } });
    expect(repository.pets.get(petId)?.photoUrl).toMatch(/^https:/);
  });

  it('offline, keeps every value and says why; the retry sends the same Idempotency-Key', async () => {
    const repository = new FakePetRepository();
    repository.offline = true;
    const bloc = newForm(repository);
    await fill(bloc, { name: 'Milo' });
    await bloc.add({ type: 'species-chosen', species: 'cat' });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state).toMatchObject({
      status: 'editing',
      mode: 'add',
      values: { name: 'Milo', species: 'cat' },
      error: { kind: 'message', messages: { id: expect.stringMatching(/./), en: expect.stringMatching(/./) } },
    });
    expect(repository.pets.size).toBe(0);

    repository.offline = false;
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.status).toBe('saved');
    expect(repository.callsOf('addPet').map(([, key]) => key)).toEqual(['key-1', 'key-1']);
  });

  it('a changed body gets a new Idempotency-Key (the API refuses a known key with another body)', async () => {
    const repository = new FakePetRepository();
    repository.offline = true;
    const bloc = newForm(repository);
    await fill(bloc, { name: 'Milo' });
    await bloc.add({ type: 'species-chosen', species: 'cat' });
    await bloc.add({ type: 'submitted' });
    await fill(bloc, { name: 'Mila' });
    await bloc.add({ type: 'submitted' });
    expect(repository.callsOf('addPet').map(([, key]) => key)).toEqual(['key-1', 'key-2']);
  });

  it("marks the fields the API refused, with the problem's title above", async () => {
    const repository = new FakePetRepository().failNext(
      'addPet',
      new ApiProblem({
        status: 400,
        type: 'https://petpro.id/problems/validation',
        title: 'Ada kolom yang kosong atau tidak valid.',
        detail: 'Ada kolom yang kosong atau tidak valid.',
        errors: [
          { path: 'body.birthDate', message: 'cannot be in the future' },
          { path: 'body.weightKg', message: 'Too small' },
          { path: 'body.unknown', message: '?' },
        ],
      }),
    );
    const bloc = newForm(repository);
    await fill(bloc, { name: 'Milo', birthDate: '07/12/2026', weight: '1' });
    await bloc.add({ type: 'species-chosen', species: 'cat' });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state).toMatchObject({
      status: 'editing',
      fieldErrors: { birthDate: 'rejected', weight: 'rejected' },
      error: { kind: 'problem', title: 'Ada kolom yang kosong atau tidak valid.' },
    });
  });

  it('when the photo fails after the pet was added, becomes an edit form of it: no second add', async () => {
    const repository = new FakePetRepository();
    repository.failNext('uploadPhoto', new PhotoError('upload-refused'));
    const bloc = newForm(repository);
    await fill(bloc, { name: 'Milo' });
    await bloc.add({ type: 'species-chosen', species: 'cat' });
    await bloc.add({ type: 'photo-picked', photo });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state).toMatchObject({
      status: 'editing',
      mode: 'edit',
      photo: { status: 'picked' },
      photoProblem: { kind: 'photo', reason: 'upload-refused' },
    });
    expect(repository.pets.size).toBe(1);

    await bloc.add({ type: 'photo-retry-requested' });
    expect(bloc.state).toMatchObject({ photo: { status: 'shown' }, photoProblem: null });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state.status).toBe('saved');
    expect(repository.callsOf('addPet')).toHaveLength(1);
    expect(repository.callsOf('updatePet')).toHaveLength(0); // nothing changed
  });
});

describe('PetFormBloc, editing', () => {
  it('fills the form from the pet (weight with a decimal comma in Indonesian) and sends only the change, with its version', async () => {
    const pet = aPet({ version: 3, photoUrl: 'https://uploads.example/milo.png' });
    const repository = new FakePetRepository([pet]);
    const bloc = newForm(repository, pet.petId);
    expect(bloc.state.status).toBe('loading');
    await bloc.add({ type: 'started' });
    expect(bloc.state).toMatchObject({
      status: 'editing',
      values: { name: 'Milo', species: 'cat', breed: 'Domestik', sex: 'male', birthDate: '01/02/2023', weight: '4,2' },
      photo: { status: 'shown', uri: 'https://uploads.example/milo.png' },
      source: { fromCache: false },
    });
    await fill(bloc, { name: 'Milo Kecil', weight: '4,5' });
    await bloc.add({ type: 'submitted' });
    expect(repository.callsOf('updatePet')).toEqual([[pet.petId, { name: 'Milo Kecil', weightKg: 4.5 }, 3]]);
    expect(bloc.state.status).toBe('saved');
  });

  it("uploads a picked photo at once, and the next save carries the version the photo's upload made", async () => {
    const pet = aPet({ version: 1 });
    const repository = new FakePetRepository([pet]);
    const bloc = newForm(repository, pet.petId, 'en');
    await bloc.add({ type: 'started' });
    expect(bloc.state.values.weight).toBe('4.2');
    await bloc.add({ type: 'photo-picked', photo });
    expect(repository.callsOf('uploadPhoto')).toEqual([[pet.petId, photo]]);
    expect(bloc.state.photo).toEqual({ status: 'shown', uri: photo.uri });
    await fill(bloc, { breed: 'Persia' });
    await bloc.add({ type: 'submitted' });
    expect(repository.callsOf('updatePet')).toEqual([[pet.petId, { breed: 'Persia' }, 2]]);
    expect(bloc.state.status).toBe('saved');
  });

  it('refuses a photo the API would refuse (type, size) without sending it, and keeps the old one', async () => {
    const pet = aPet({ photoUrl: 'https://uploads.example/old.png' });
    const repository = new FakePetRepository([pet]);
    const bloc = newForm(repository, pet.petId);
    await bloc.add({ type: 'started' });
    await bloc.add({ type: 'photo-picked', photo: { uri: 'blob:x', mimeType: 'image/gif', sizeBytes: 10 } });
    expect(bloc.state.photoProblem).toEqual({ kind: 'photo', reason: 'photo-type' });
    expect(bloc.state.photo).toEqual({ status: 'shown', uri: 'https://uploads.example/old.png' });
    await bloc.add({ type: 'photo-picked', photo: { uri: 'blob:y', mimeType: 'image/jpeg', sizeBytes: 6_000_000 } });
    expect(bloc.state.photoProblem).toEqual({ kind: 'photo', reason: 'photo-too-large' });
    expect(repository.callsOf('uploadPhoto')).toEqual([]);
    // A good one clears the message.
    await bloc.add({ type: 'photo-picked', photo });
    expect(bloc.state).toMatchObject({ photo: { status: 'shown', uri: photo.uri }, photoProblem: null });
  });

  it('keeps a photo whose upload failed for the network, to try again', async () => {
    const pet = aPet();
    const repository = new FakePetRepository([pet]);
    const bloc = newForm(repository, pet.petId);
    await bloc.add({ type: 'started' });
    repository.offline = true;
    await bloc.add({ type: 'photo-picked', photo });
    expect(bloc.state).toMatchObject({
      photo: { status: 'picked', uri: photo.uri },
      photoProblem: { kind: 'error', error: { kind: 'message' } },
    });
    repository.offline = false;
    await bloc.add({ type: 'photo-retry-requested' });
    expect(bloc.state).toMatchObject({ photo: { status: 'shown' }, photoProblem: null });
  });

  it('shows the conflict when someone changed the pet meanwhile, keeping what was typed', async () => {
    const pet = aPet({ version: 1 });
    const repository = new FakePetRepository([pet]);
    const bloc = newForm(repository, pet.petId);
    await bloc.add({ type: 'started' });
    repository.pets.set(pet.petId, { ...pet, version: 2 });
    await fill(bloc, { name: 'Milo 2' });
    await bloc.add({ type: 'submitted' });
    expect(bloc.state).toMatchObject({
      status: 'editing',
      values: { name: 'Milo 2' },
      error: { kind: 'problem', status: 409 },
    });
  });

  it('fills the form offline from the device, marked', async () => {
    const pet = aPet();
    const repository = new FakePetRepository([pet]);
    repository.offline = true;
    const bloc = newForm(repository, pet.petId);
    await bloc.add({ type: 'started' });
    expect(bloc.state).toMatchObject({ status: 'editing', source: { fromCache: true } });
  });

  it('says so when the pet cannot be read (e.g. not this customer\u2019s), and can try again', async () => {
    const repository = new FakePetRepository();
    const bloc = newForm(repository, '01JPET000000000000000OTHER');
    await bloc.add({ type: 'started' });
    expect(bloc.state).toMatchObject({ status: 'load-failed', error: { kind: 'problem', status: 404 } });
    repository.pets.set('01JPET000000000000000OTHER', aPet({ petId: '01JPET000000000000000OTHER' }));
    await bloc.add({ type: 'started' });
    expect(bloc.state.status).toBe('editing');
  });

  it('deletes only after the confirmation; cancelling keeps the pet', async () => {
    const pet = aPet();
    const repository = new FakePetRepository([pet]);
    const bloc = newForm(repository, pet.petId);
    await bloc.add({ type: 'started' });
    await bloc.add({ type: 'delete-confirmed' }); // not asked yet: nothing happens
    expect(repository.callsOf('deletePet')).toEqual([]);
    await bloc.add({ type: 'delete-requested' });
    expect(bloc.state.status).toBe('confirming-delete');
    await bloc.add({ type: 'delete-cancelled' });
    expect(bloc.state.status).toBe('editing');
    await bloc.add({ type: 'delete-requested' });
    const seen: PetFormState['status'][] = [];
    bloc.subscribe((state) => seen.push(state.status));
    await bloc.add({ type: 'delete-confirmed' });
    expect(seen).toEqual(['deleting', 'deleted']);
    expect(repository.pets.has(pet.petId)).toBe(false);
  });

  it('offline, the delete fails in words and the pet stays', async () => {
    const pet = aPet();
    const repository = new FakePetRepository([pet]);
    const bloc = newForm(repository, pet.petId);
    await bloc.add({ type: 'started' });
    repository.offline = true;
    await bloc.add({ type: 'delete-requested' });
    await bloc.add({ type: 'delete-confirmed' });
    expect(bloc.state).toMatchObject({ status: 'editing', error: { kind: 'message' } });
    expect(repository.pets.has(pet.petId)).toBe(true);
  });
});
