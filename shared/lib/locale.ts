/** The languages people read PetPro in: Bahasa Indonesia (the default) and English. */
export type Locale = 'id' | 'en';
