/** The customer's pets: the list, one pet (with records), the add/edit form. */
export type PetsRoute =
  | { area: 'pets'; screen: 'list' }
  | { area: 'pets'; screen: 'detail'; petId: string }
  | { area: 'pets'; screen: 'edit'; petId?: string };
