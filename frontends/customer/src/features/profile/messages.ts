/** Profile, language and addresses. */
export const profileMessages = {
  id: {},
  en: {},
} as const;
