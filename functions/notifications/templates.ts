import type { Locale } from '#shared/http/messages.ts';

/** Message templates, in Bahasa Indonesia and English. */
export type TemplateName = 'verification-code' | 'sign-in-code';

export interface RenderedMessage {
  subject: string;
  text: string;
}

const templates: Record<TemplateName, Record<Locale, (params: Record<string, string>) => RenderedMessage>> = {
  'verification-code': {
    id: ({ code }) => ({
      subject: 'Kode verifikasi PetPro',
      text: `Kode verifikasi PetPro Anda: ${code}. Berlaku 15 menit. Jangan berikan kode ini kepada siapa pun.`,
    }),
    en: ({ code }) => ({
      subject: 'Your PetPro verification code',
      text: `Your PetPro verification code is ${code}. It expires in 15 minutes. Never share it with anyone.`,
    }),
  },
  'sign-in-code': {
    id: ({ code }) => ({
      subject: 'Kode masuk PetPro',
      text: `Kode masuk PetPro Anda: ${code}. Berlaku 3 menit. Jangan berikan kode ini kepada siapa pun.`,
    }),
    en: ({ code }) => ({
      subject: 'Your PetPro sign-in code',
      text: `Your PetPro sign-in code is ${code}. It expires in 3 minutes. Never share it with anyone.`,
    }),
  },
};

export function render(template: TemplateName, locale: Locale, params: Record<string, string>): RenderedMessage {
  return templates[template][locale](params);
}
