import { defineCatalogue } from '@petpro/api-client';
import { authMessages } from '../features/auth/messages';
import { bookingsMessages } from '../features/bookings/messages';
import { careMessages } from '../features/care/messages';
import { petsMessages } from '../features/pets/messages';
import { profileMessages } from '../features/profile/messages';
import { shopMessages } from '../features/shop/messages';

/**
 * The app's words, Bahasa Indonesia first: the shell's here, each area's in its `features/<area>/messages.ts`
 * (keys prefixed with the area). `defineCatalogue` refuses a key missing in either
 * language; i18next interpolates `{{name}}` and picks `_one`/`_other` by `count` (Indonesian has only
 * `other`; both are listed so the two languages keep the same keys).
 */
const shell = {
  id: {
    'app.name': 'PetPro',
    'language.id': 'Bahasa Indonesia',
    'language.en': 'English',
    'language.switch': 'Ganti bahasa ke {{language}}',
    'language.current': 'Bahasa: {{language}}',
    'nav.signIn': 'Masuk',
    'nav.signOut': 'Keluar',
    'nav.findCare': 'Cari perawatan',
    'error.unexpected': 'Terjadi kesalahan. Silakan coba lagi.',
    'nav.back': 'Kembali',
    'nav.tabs': 'Menu utama',
    'tab.care': 'Cari',
    'tab.bookings': 'Janji',
    'tab.pets': 'Hewan',
    'tab.shop': 'Belanja',
    'tab.profile': 'Profil',
    'cache.lastUpdated': 'Anda sedang offline. Terakhir diperbarui {{time}}.',
  },
  en: {
    'app.name': 'PetPro',
    'language.id': 'Bahasa Indonesia',
    'language.en': 'English',
    'language.switch': 'Switch language to {{language}}',
    'language.current': 'Language: {{language}}',
    'nav.signIn': 'Sign in',
    'nav.signOut': 'Sign out',
    'nav.findCare': 'Find care',
    'error.unexpected': 'Something went wrong. Please try again.',
    'nav.back': 'Back',
    'nav.tabs': 'Main menu',
    'tab.care': 'Find care',
    'tab.bookings': 'Bookings',
    'tab.pets': 'Pets',
    'tab.shop': 'Shop',
    'tab.profile': 'Profile',
    'cache.lastUpdated': 'You are offline. Last updated {{time}}.',
  },
} as const;

export const catalogue = defineCatalogue({
  id: {
    ...shell.id,
    ...authMessages.id,
    ...careMessages.id,
    ...bookingsMessages.id,
    ...petsMessages.id,
    ...shopMessages.id,
    ...profileMessages.id,
  },
  en: {
    ...shell.en,
    ...authMessages.en,
    ...careMessages.en,
    ...bookingsMessages.en,
    ...petsMessages.en,
    ...shopMessages.en,
    ...profileMessages.en,
  },
});

export type MessageKey = keyof (typeof catalogue)['id'];
