/** The customer's profile, language and addresses. */
export type ProfileRoute =
  | { area: 'profile'; screen: 'profile' }
  | { area: 'profile'; screen: 'addresses' }
  | { area: 'profile'; screen: 'address'; addressId?: string };
