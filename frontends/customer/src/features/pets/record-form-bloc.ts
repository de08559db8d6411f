import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import { rejectedFields } from './field-errors';
import {
  LIMITS,
  parseDateInput,
  parseDecimalInput,
  toDateInput,
  type IsoDate,
  type RecordInput,
  type RecordKind,
} from './pet-model';
import type { PetRepository } from './pet-repository';
import { RetryKey } from '../../data/retry-key';

export type RecordField = 'date' | 'vaccine' | 'nextDueDate' | 'title' | 'vetName' | 'weight' | 'notes';
/** Why a field is refused (`pets.form.error.<reason>`). */
export type RecordFieldError =
  'required' | 'too-long' | 'invalid-date' | 'future-date' | 'due-before-date' | 'invalid-weight' | 'rejected';

export type RecordFormValues = Record<RecordField, string>;

/** Which fields each kind of record has (the API's oneOf), in the form's order. */
export const RECORD_FIELDS: Record<RecordKind, readonly RecordField[]> = {
  vaccination: ['vaccine', 'date', 'nextDueDate', 'vetName', 'notes'],
  treatment: ['title', 'date', 'vetName', 'notes'],
  weight: ['weight', 'date', 'notes'],
};

export interface RecordFormState {
  kind: RecordKind;
  values: RecordFormValues;
  status: 'editing' | 'saving' | 'saved';
  fieldErrors: Partial<Record<RecordField, RecordFieldError>>;
  error: ErrorView | null;
}

export type RecordFormEvent =
  | { type: 'kind-chosen'; kind: RecordKind }
  | { type: 'text-changed'; field: RecordField; value: string }
  | { type: 'submitted' };

const FIELD_OF: Record<string, RecordField> = {
  date: 'date',
  vaccine: 'vaccine',
  nextDueDate: 'nextDueDate',
  title: 'title',
  vetName: 'vetName',
  weightKg: 'weight',
  notes: 'notes',
};

function limitOf(field: RecordField): number | undefined {
  return field === 'vaccine' || field === 'title' || field === 'vetName' || field === 'notes'
    ? LIMITS[field]
    : undefined;
}

/** The body for the chosen kind (only its fields; empty optional ones not sent), or what is wrong. */
export function validateRecordForm(
  kind: RecordKind,
  values: RecordFormValues,
  today: IsoDate,
):
  | { input: RecordInput; errors: Record<never, never> }
  | { input: null; errors: Partial<Record<RecordField, RecordFieldError>> } {
  const errors: Partial<Record<RecordField, RecordFieldError>> = {};
  const text = (field: RecordField) => values[field].trim();
  for (const field of RECORD_FIELDS[kind]) {
    const limit = limitOf(field);
    if (limit !== undefined && text(field).length > limit) errors[field] = 'too-long';
  }
  const date = parseDateInput(values.date);
  if (!text('date')) errors.date = 'required';
  else if (!date) errors.date = 'invalid-date';
  else if (date > today) errors.date = 'future-date';
  const optional = (field: 'vetName' | 'notes') => (text(field) ? { [field]: text(field) } : {});

  let input: RecordInput | null = null;
  if (kind === 'vaccination') {
    if (!text('vaccine')) errors.vaccine = 'required';
    let nextDueDate: IsoDate | null = null;
    if (text('nextDueDate')) {
      nextDueDate = parseDateInput(values.nextDueDate);
      if (!nextDueDate) errors.nextDueDate = 'invalid-date';
      else if (date && nextDueDate <= date) errors.nextDueDate = 'due-before-date';
    }
    if (date)
      input = {
        kind,
        date,
        vaccine: text('vaccine'),
        ...(nextDueDate ? { nextDueDate } : {}),
        ...optional('vetName'),
        ...optional('notes'),
      };
  } else if (kind === 'treatment') {
    if (!text('title')) errors.title = 'required';
    if (date) input = { kind, date, title: text('title'), ...optional('vetName'), ...optional('notes') };
  } else {
    const weightKg = parseDecimalInput(values.weight);
    if (!text('weight')) errors.weight = 'required';
    else if (weightKg === null || weightKg <= 0 || weightKg > LIMITS.weightKg) errors.weight = 'invalid-weight';
    if (date && weightKg !== null) input = { kind, date, weightKg, ...optional('notes') };
  }
  if (Object.keys(errors).length > 0 || !input) return { input: null, errors };
  return { input, errors: {} };
}

export interface RecordFormOptions {
  newKey: () => string;
  today: () => IsoDate;
}

/**
 * Adding a vaccination, treatment or weight: the kind decides the fields; the date starts as today.
 * One Idempotency-Key per body, so a retry after no network cannot add the record twice.
 */
export class RecordFormBloc extends Bloc<RecordFormEvent, RecordFormState> {
  readonly #pets: PetRepository;
  readonly #petId: string;
  readonly #options: RecordFormOptions;
  readonly #key: RetryKey;

  constructor(pets: PetRepository, petId: string, kind: RecordKind, options: RecordFormOptions) {
    super({
      kind,
      values: {
        date: toDateInput(options.today()),
        vaccine: '',
        nextDueDate: '',
        title: '',
        vetName: '',
        weight: '',
        notes: '',
      },
      status: 'editing',
      fieldErrors: {},
      error: null,
    });
    this.#pets = pets;
    this.#petId = petId;
    this.#options = options;
    this.#key = new RetryKey(options.newKey);
  }

  protected override async handle(event: RecordFormEvent, emit: Emit<RecordFormState>): Promise<void> {
    const state = this.state;
    if (state.status !== 'editing') return;
    switch (event.type) {
      case 'kind-chosen':
        emit({ ...state, kind: event.kind, fieldErrors: {}, error: null });
        return;
      case 'text-changed': {
        const { [event.field]: _cleared, ...fieldErrors } = state.fieldErrors;
        emit({ ...state, values: { ...state.values, [event.field]: event.value }, fieldErrors });
        return;
      }
      case 'submitted': {
        const checked = validateRecordForm(state.kind, state.values, this.#options.today());
        if (!checked.input) {
          emit({ ...state, fieldErrors: checked.errors, error: null });
          return;
        }
        emit({ ...state, status: 'saving', fieldErrors: {}, error: null });
        try {
          await this.#pets.addRecord(this.#petId, checked.input, this.#key.for(checked.input));
          emit({ ...this.state, status: 'saved' });
        } catch (error) {
          emit({
            ...this.state,
            status: 'editing',
            fieldErrors: rejectedFields(error, FIELD_OF),
            error: toErrorView(error),
          });
        }
      }
    }
  }
}
