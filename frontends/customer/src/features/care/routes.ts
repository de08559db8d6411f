/** Finding care: the clinic search (map and list) and a clinic's profile. */
export type CareRoute = { area: 'care'; screen: 'find' } | { area: 'care'; screen: 'clinic'; vendorId: string };
