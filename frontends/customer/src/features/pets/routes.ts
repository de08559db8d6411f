import type { RecordKind } from './pet-model';

/** The customer's pets: the list, one pet (with records), the add/edit form, adding a record. */
export type PetsRoute =
  | { area: 'pets'; screen: 'list' }
  | { area: 'pets'; screen: 'detail'; petId: string }
  | { area: 'pets'; screen: 'edit'; petId?: string }
  | { area: 'pets'; screen: 'record'; petId: string; petName?: string; kind?: RecordKind };
