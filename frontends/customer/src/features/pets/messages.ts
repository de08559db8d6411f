/** Pets and their records. */
export const petsMessages = {
  id: {},
  en: {},
} as const;
