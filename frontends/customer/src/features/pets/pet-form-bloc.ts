import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import { rejectedFields } from './field-errors';
import {
  LIMITS,
  parseDateInput,
  parseDecimalInput,
  toDateInput,
  toDecimalInput,
  type IsoDate,
  type Pet,
  type PetInput,
  type PetPatch,
  type Sex,
  type Species,
} from './pet-model';
import { PhotoError, photoRefusal, type PetRepository, type PhotoFailure, type PickedPhoto } from './pet-repository';
import type { Source } from './pets-list-bloc';
import { RetryKey } from '../../data/retry-key';
import type { Locale } from '@petpro/api-client';

export type PetField = 'name' | 'species' | 'breed' | 'sex' | 'birthDate' | 'weight' | 'notes';
/** Why a field is refused (keys of the area's messages: `pets.form.error.<reason>`). */
export type PetFieldError = 'required' | 'too-long' | 'invalid-date' | 'future-date' | 'invalid-weight' | 'rejected';

/** What the form holds: text as typed (dates day first, weight with a comma or a dot). */
export interface PetFormValues {
  name: string;
  species: Species | null;
  breed: string;
  sex: Sex;
  birthDate: string;
  weight: string;
  notes: string;
}

export type PetTextField = 'name' | 'breed' | 'birthDate' | 'weight' | 'notes';

export type PhotoState =
  | { status: 'none' }
  /** The pet's photo as the API links it. */
  | { status: 'shown'; uri: string }
  /** Chosen on the device, not uploaded yet (a new pet's, or an upload that failed). */
  | { status: 'picked'; uri: string; photo: PickedPhoto }
  | { status: 'uploading'; uri: string; photo: PickedPhoto };

export type PhotoProblem = { kind: 'photo'; reason: PhotoFailure } | { kind: 'error'; error: ErrorView };

export interface PetFormState {
  /** 'edit' once the pet exists (an add whose photo failed becomes an edit of the pet it added). */
  mode: 'add' | 'edit';
  /** The form began as "add a pet" (its title stays so). */
  startedAsAdd: boolean;
  /** Null until the pet exists. */
  petId: string | null;
  status: 'loading' | 'load-failed' | 'editing' | 'saving' | 'saved' | 'confirming-delete' | 'deleting' | 'deleted';
  values: PetFormValues;
  fieldErrors: Partial<Record<PetField, PetFieldError>>;
  error: ErrorView | null;
  photo: PhotoState;
  photoProblem: PhotoProblem | null;
  /** Set when an edit form was filled from the device's copy (offline). */
  source: Source | null;
}

export type PetFormEvent =
  | { type: 'started' }
  | { type: 'text-changed'; field: PetTextField; value: string }
  | { type: 'species-chosen'; species: Species }
  | { type: 'sex-chosen'; sex: Sex }
  | { type: 'photo-picked'; photo: PickedPhoto }
  /** The picker itself failed (e.g. a file that is not an image on the web). */
  | { type: 'photo-pick-failed' }
  | { type: 'photo-retry-requested' }
  | { type: 'submitted' }
  | { type: 'delete-requested' }
  | { type: 'delete-cancelled' }
  | { type: 'delete-confirmed' };

export const emptyPetForm: PetFormValues = {
  name: '',
  species: null,
  breed: '',
  sex: 'unknown',
  birthDate: '',
  weight: '',
  notes: '',
};

/** The API's field names → the form's. */
const FIELD_OF: Record<string, PetField> = {
  name: 'name',
  species: 'species',
  breed: 'breed',
  sex: 'sex',
  birthDate: 'birthDate',
  weightKg: 'weight',
  notes: 'notes',
};

/** The form's values as the API takes them (empty optional fields as null), or what is wrong. */
export interface ParsedPet {
  name: string;
  species: Species;
  breed: string | null;
  sex: Sex;
  birthDate: IsoDate | null;
  weightKg: number | null;
  notes: string | null;
}

export function validatePetForm(
  values: PetFormValues,
  today: IsoDate,
): { pet: ParsedPet; errors: Record<never, never> } | { pet: null; errors: Partial<Record<PetField, PetFieldError>> } {
  const errors: Partial<Record<PetField, PetFieldError>> = {};
  const name = values.name.trim();
  if (!name) errors.name = 'required';
  else if (name.length > LIMITS.name) errors.name = 'too-long';
  if (!values.species) errors.species = 'required';
  const breed = values.breed.trim();
  if (breed.length > LIMITS.breed) errors.breed = 'too-long';
  let birthDate: IsoDate | null = null;
  if (values.birthDate.trim()) {
    birthDate = parseDateInput(values.birthDate);
    if (!birthDate) errors.birthDate = 'invalid-date';
    else if (birthDate > today) errors.birthDate = 'future-date';
  }
  let weightKg: number | null = null;
  if (values.weight.trim()) {
    weightKg = parseDecimalInput(values.weight);
    if (weightKg === null || weightKg <= 0 || weightKg > LIMITS.weightKg) errors.weight = 'invalid-weight';
  }
  const notes = values.notes.trim();
  if (notes.length > LIMITS.notes) errors.notes = 'too-long';
  if (Object.keys(errors).length > 0 || !values.species) return { pet: null, errors };
  return {
    pet: {
      name,
      species: values.species,
      breed: breed || null,
      sex: values.sex,
      birthDate,
      weightKg,
      notes: notes || null,
    },
    errors: {},
  };
}

/** A new pet's body: the optional fields left empty are not sent. */
export function toPetInput(pet: ParsedPet): PetInput {
  return {
    name: pet.name,
    species: pet.species,
    sex: pet.sex,
    ...(pet.breed !== null ? { breed: pet.breed } : {}),
    ...(pet.birthDate !== null ? { birthDate: pet.birthDate } : {}),
    ...(pet.weightKg !== null ? { weightKg: pet.weightKg } : {}),
    ...(pet.notes !== null ? { notes: pet.notes } : {}),
  };
}

/** Only what changed since the pet was read (an emptied field clears it: null). */
export function toPetPatch(pet: ParsedPet, original: Pet): PetPatch {
  const patch: PetPatch = {};
  if (pet.name !== original.name) patch.name = pet.name;
  if (pet.species !== original.species) patch.species = pet.species;
  if (pet.sex !== original.sex) patch.sex = pet.sex;
  if (pet.breed !== original.breed) patch.breed = pet.breed;
  if (pet.birthDate !== original.birthDate) patch.birthDate = pet.birthDate;
  if (pet.weightKg !== original.weightKg) patch.weightKg = pet.weightKg;
  if (pet.notes !== original.notes) patch.notes = pet.notes;
  return patch;
}

export function petFormValues(pet: Pet, locale: Locale): PetFormValues {
  return {
    name: pet.name,
    species: pet.species,
    breed: pet.breed ?? '',
    sex: pet.sex,
    birthDate: toDateInput(pet.birthDate),
    weight: toDecimalInput(pet.weightKg, locale),
    notes: pet.notes ?? '',
  };
}

function photoOf(pet: Pet): PhotoState {
  return pet.photoUrl ? { status: 'shown', uri: pet.photoUrl } : { status: 'none' };
}

function photoProblemOf(error: unknown): PhotoProblem {
  return error instanceof PhotoError
    ? { kind: 'photo', reason: error.reason }
    : { kind: 'error', error: toErrorView(error) };
}

export interface PetFormOptions {
  /** A new Idempotency-Key (expo-crypto's randomUUID in the app). */
  newKey: () => string;
  /** The customer's date (birth dates after it are refused). */
  today: () => IsoDate;
  /** The language the weight is written in (4,2 or 4.2) when an existing pet fills the form. */
  locale: () => Locale;
}

/**
 * The add / edit pet form's ViewModel. Adding: validate → POST (one Idempotency-Key per body, so
 * a retry after no network cannot add it twice) → upload the picked photo → saved. Editing: the pet
 * is read (from the device when offline), only changed fields are sent with If-Match, a picked photo
 * is uploaded at once. Offline, a write fails with the client's message and the form keeps its values.
 */
export class PetFormBloc extends Bloc<PetFormEvent, PetFormState> {
  readonly #pets: PetRepository;
  readonly #options: PetFormOptions;
  readonly #addKey: RetryKey;
  /** The pet as last read or saved: the base of the patch and its If-Match version. */
  #original: Pet | null = null;

  constructor(pets: PetRepository, petId: string | undefined, options: PetFormOptions) {
    super({
      mode: petId ? 'edit' : 'add',
      startedAsAdd: !petId,
      petId: petId ?? null,
      status: petId ? 'loading' : 'editing',
      values: emptyPetForm,
      fieldErrors: {},
      error: null,
      photo: { status: 'none' },
      photoProblem: null,
      source: null,
    });
    this.#pets = pets;
    this.#options = options;
    this.#addKey = new RetryKey(options.newKey);
  }

  protected override async handle(event: PetFormEvent, emit: Emit<PetFormState>): Promise<void> {
    const state = this.state;
    switch (event.type) {
      case 'started':
        if (state.mode === 'edit' && state.petId && (state.status === 'loading' || state.status === 'load-failed'))
          await this.#load(state.petId, emit);
        return;
      case 'text-changed':
        emit(this.#edited(state, event.field, { ...state.values, [event.field]: event.value }));
        return;
      case 'species-chosen':
        emit(this.#edited(state, 'species', { ...state.values, species: event.species }));
        return;
      case 'sex-chosen':
        emit(this.#edited(state, 'sex', { ...state.values, sex: event.sex }));
        return;
      case 'photo-picked': {
        // A photo the API would refuse is not shown as if it were the pet's.
        const refusal = photoRefusal(event.photo);
        if (refusal) {
          emit({ ...state, photoProblem: { kind: 'photo', reason: refusal } });
          return;
        }
        const photo: PhotoState = { status: 'picked', uri: event.photo.uri, photo: event.photo };
        emit({ ...state, photo, photoProblem: null });
        // An existing pet's photo goes up at once; a new pet's after it is added.
        if (state.petId && state.status === 'editing') await this.#upload(state.petId, emit);
        return;
      }
      case 'photo-pick-failed':
        emit({ ...state, photoProblem: { kind: 'photo', reason: 'photo-unreadable' } });
        return;
      case 'photo-retry-requested':
        if (state.petId && state.photo.status === 'picked') await this.#upload(state.petId, emit);
        return;
      case 'submitted':
        await this.#submit(emit);
        return;
      case 'delete-requested':
        if (state.mode === 'edit' && state.status === 'editing') emit({ ...state, status: 'confirming-delete' });
        return;
      case 'delete-cancelled':
        if (state.status === 'confirming-delete') emit({ ...state, status: 'editing' });
        return;
      case 'delete-confirmed':
        await this.#delete(emit);
        return;
    }
  }

  async #load(petId: string, emit: Emit<PetFormState>): Promise<void> {
    emit({ ...this.state, status: 'loading', error: null });
    try {
      const { value: pet, updatedAt, fromCache } = await this.#pets.getPet(petId);
      this.#original = pet;
      emit({
        ...this.state,
        status: 'editing',
        values: petFormValues(pet, this.#options.locale()),
        photo: photoOf(pet),
        source: { updatedAt, fromCache },
      });
    } catch (error) {
      emit({ ...this.state, status: 'load-failed', error: toErrorView(error) });
    }
  }

  #edited(state: PetFormState, field: PetField, values: PetFormValues): PetFormState {
    const { [field]: _cleared, ...fieldErrors } = state.fieldErrors;
    return { ...state, values, fieldErrors };
  }

  async #submit(emit: Emit<PetFormState>): Promise<void> {
    const state = this.state;
    if (state.status !== 'editing') return;
    const checked = validatePetForm(state.values, this.#options.today());
    if (!checked.pet) {
      emit({ ...state, fieldErrors: checked.errors, error: null });
      return;
    }
    emit({ ...state, status: 'saving', fieldErrors: {}, error: null });
    let petId = state.petId;
    try {
      if (!petId || !this.#original) {
        const input = toPetInput(checked.pet);
        const pet = await this.#pets.addPet(input, this.#addKey.for(input));
        this.#original = pet;
        petId = pet.petId;
        // From here on the pet exists: a failed photo leaves an edit form of it, not a second add.
        emit({ ...this.state, mode: 'edit', petId });
      } else {
        const patch = toPetPatch(checked.pet, this.#original);
        if (Object.keys(patch).length > 0)
          this.#original = await this.#pets.updatePet(petId, patch, this.#original.version);
      }
    } catch (error) {
      emit({
        ...this.state,
        status: 'editing',
        fieldErrors: rejectedFields(error, FIELD_OF),
        error: toErrorView(error),
      });
      return;
    }
    if (this.state.photo.status === 'picked') {
      emit({ ...this.state, status: 'editing' });
      if (!(await this.#upload(petId, emit))) return;
    }
    emit({ ...this.state, status: 'saved' });
  }

  /** Uploads the picked photo; true once the pet has it. */
  async #upload(petId: string, emit: Emit<PetFormState>): Promise<boolean> {
    const photo = this.state.photo;
    if (photo.status !== 'picked') return false;
    emit({ ...this.state, photo: { ...photo, status: 'uploading' }, photoProblem: null });
    try {
      const pet = await this.#pets.uploadPhoto(petId, photo.photo);
      // The photo bumped the pet's version: later edits must carry the new one.
      this.#original = pet;
      // The device's copy shows at once; the API's link is the one a later visit loads.
      emit({ ...this.state, photo: { status: 'shown', uri: photo.uri } });
      return true;
    } catch (error) {
      emit({ ...this.state, photo, photoProblem: photoProblemOf(error) });
      return false;
    }
  }

  async #delete(emit: Emit<PetFormState>): Promise<void> {
    const state = this.state;
    if (state.status !== 'confirming-delete' || !state.petId) return;
    emit({ ...state, status: 'deleting', error: null });
    try {
      await this.#pets.deletePet(state.petId);
      emit({ ...this.state, status: 'deleted' });
    } catch (error) {
      emit({ ...this.state, status: 'editing', error: toErrorView(error) });
    }
  }
}
