import type { Locale } from '#shared/lib/locale.ts';

/** Message templates, in Bahasa Indonesia and English. */
export type TemplateName = 'verification-code' | 'sign-in-code' | 'vendor-invitation';

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
  'vendor-invitation': {
    id: ({ vendorName, role, code, invitationId }) => ({
      subject: `Undangan bergabung dengan ${vendorName} di PetPro`,
      text: `Anda diundang sebagai ${role === 'clinic_admin' ? 'admin' : 'staf'} ${vendorName} di PetPro. Masuk ke aplikasi PetPro dan terima undangan ${invitationId} dengan kode ${code}. Berlaku 7 hari.`,
    }),
    en: ({ vendorName, role, code, invitationId }) => ({
      subject: `Invitation to join ${vendorName} on PetPro`,
      text: `You are invited to join ${vendorName} on PetPro as ${role === 'clinic_admin' ? 'an admin' : 'staff'}. Sign in to PetPro and accept invitation ${invitationId} with code ${code}. It expires in 7 days.`,
    }),
  },
};

export function render(template: TemplateName, locale: Locale, params: Record<string, string>): RenderedMessage {
  return templates[template][locale](params);
}
