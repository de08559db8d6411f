import type { Locale } from './locale.ts';

/** User-facing text, in Bahasa Indonesia and English. Problem details pick by Accept-Language. */

export const messages = {
  'bad-request': { en: 'The request is not valid.', id: 'Permintaan tidak valid.' },
  'validation': { en: 'Some fields are missing or not valid.', id: 'Ada kolom yang kosong atau tidak valid.' },
  'malformed-json': { en: 'The body is not valid JSON.', id: 'Isi permintaan bukan JSON yang valid.' },
  'body-too-large': { en: 'The body is larger than this route accepts.', id: 'Isi permintaan melebihi batas ukuran.' },
  'unsupported-media-type': {
    en: 'Send the body as application/json.',
    id: 'Kirim isi permintaan sebagai application/json.',
  },
  'unauthorized': { en: 'Sign in to continue.', id: 'Silakan masuk terlebih dahulu.' },
  'forbidden': { en: 'You are not allowed to do this.', id: 'Anda tidak diizinkan melakukan ini.' },
  'not-found': { en: 'Not found.', id: 'Tidak ditemukan.' },
  'profile-pending': {
    en: 'Your profile is being set up. Try again in a moment.',
    id: 'Profil Anda sedang disiapkan. Coba lagi sebentar lagi.',
  },
  'idempotency-key-reused': {
    en: 'This Idempotency-Key was already used with a different request.',
    id: 'Idempotency-Key ini sudah dipakai untuk permintaan yang berbeda.',
  },
  'request-in-progress': {
    en: 'The same request is still being processed.',
    id: 'Permintaan yang sama masih diproses.',
  },
  'route-not-found': { en: 'There is no such route.', id: 'Rute tidak ditemukan.' },
  'version-mismatch': {
    en: 'Someone changed this record after you loaded it. Reload and try again.',
    id: 'Data ini telah diubah oleh orang lain. Muat ulang lalu coba lagi.',
  },
  'conflict': {
    en: 'The request conflicts with the current state.',
    id: 'Permintaan bertentangan dengan keadaan saat ini.',
  },
  'concurrent-change': {
    en: 'Someone changed this at the same moment, so nothing was changed. Reload and try again.',
    id: 'Data ini sedang diubah pada saat yang sama sehingga tidak ada yang berubah. Muat ulang lalu coba lagi.',
  },
  'throttled': {
    en: 'Too many requests. Please wait a moment.',
    id: 'Terlalu banyak permintaan. Mohon tunggu sebentar.',
  },
  'internal': { en: 'Something went wrong on our side.', id: 'Terjadi kesalahan di sistem kami.' },
  'account-exists': {
    en: 'An account with this email or phone already exists.',
    id: 'Akun dengan email atau nomor telepon ini sudah terdaftar.',
  },
  'invalid-code': { en: 'The code is wrong or has expired.', id: 'Kode salah atau sudah kedaluwarsa.' },
  'too-many-attempts': {
    en: 'Too many wrong codes. Request a new one.',
    id: 'Terlalu banyak kode salah. Minta kode baru.',
  },
  'invalid-credentials': { en: 'Wrong username or password.', id: 'Nama pengguna atau kata sandi salah.' },
  'not-confirmed': {
    en: 'Confirm your account with the code we sent first.',
    id: 'Konfirmasi akun Anda dengan kode yang kami kirim terlebih dahulu.',
  },
  'weak-password': {
    en: 'The password needs at least 8 characters with upper and lower case letters and a number.',
    id: 'Kata sandi minimal 8 karakter dengan huruf besar, huruf kecil, dan angka.',
  },
  'invalid-token': { en: 'The token is not valid or was revoked.', id: 'Token tidak valid atau sudah dicabut.' },
  'photo-type': { en: 'Photos must be JPEG, PNG or WebP.', id: 'Foto harus berformat JPEG, PNG, atau WebP.' },
  'address-limit': {
    en: 'You can keep at most 20 addresses. Remove one first.',
    id: 'Anda hanya dapat menyimpan maksimal 20 alamat. Hapus salah satu terlebih dahulu.',
  },
  'default-address-required': {
    en: 'One address must stay the default. Make another address the default instead.',
    id: 'Harus ada satu alamat utama. Jadikan alamat lain sebagai alamat utama.',
  },
  'invalid-signature': { en: 'The notification could not be verified.', id: 'Notifikasi tidak dapat diverifikasi.' },
  'vendor-state': {
    en: 'The vendor is not in a state that allows this.',
    id: 'Status mitra tidak memungkinkan tindakan ini.',
  },
  'last-admin': {
    en: 'A vendor needs at least one admin. Make someone else an admin first.',
    id: 'Mitra harus memiliki minimal satu admin. Jadikan orang lain admin terlebih dahulu.',
  },
  'invitation-invalid': {
    en: 'This invitation is not valid, has expired or the code is wrong.',
    id: 'Undangan ini tidak valid, sudah kedaluwarsa, atau kodenya salah.',
  },
  'already-member': {
    en: 'This person already belongs to this vendor.',
    id: 'Orang ini sudah tergabung dengan mitra ini.',
  },
  'invitation-not-found': {
    en: 'There is no invitation for this account. Sign in with the email or phone number the invitation was sent to, or ask the clinic for a new invitation.',
    id: 'Tidak ada undangan untuk akun ini. Masuk dengan email atau nomor telepon yang menerima undangan, atau minta undangan baru kepada klinik.',
  },
  'invitation-locked': {
    en: 'Too many wrong codes were entered, so this invitation is locked. Ask the clinic to invite you again.',
    id: 'Terlalu banyak kode salah dimasukkan, sehingga undangan ini dikunci. Minta klinik untuk mengundang Anda lagi.',
  },
  'invitation-attempts': {
    en: 'Too many invitation attempts from this account. Try again in an hour.',
    id: 'Terlalu banyak percobaan undangan dari akun ini. Coba lagi dalam satu jam.',
  },
  'schedule-invalid': { en: 'The opening hours are not valid.', id: 'Jam buka tidak valid.' },
  'document-type': {
    en: 'Documents must be PDF, JPEG or PNG files of at most 10 MB.',
    id: 'Dokumen harus berupa file PDF, JPEG, atau PNG maksimal 10 MB.',
  },
  'documents-required': {
    en: 'Upload at least one licence or permit before submitting.',
    id: 'Unggah minimal satu izin atau dokumen legalitas sebelum mengajukan.',
  },
  'vendor-limit': {
    en: 'You already have 5 applications in progress.',
    id: 'Anda sudah memiliki 5 pengajuan yang sedang diproses.',
  },
  'pet-limit': { en: 'You can keep at most 50 pets.', id: 'Anda hanya dapat menyimpan maksimal 50 hewan peliharaan.' },
  'payment-state': {
    en: 'The payment is not in a state that allows this. Only a paid payment can be refunded.',
    id: 'Status pembayaran tidak memungkinkan tindakan ini. Hanya pembayaran yang sudah lunas yang dapat dikembalikan.',
  },
  'refund-amount': {
    en: 'The refund is more than what remains of the payment.',
    id: 'Jumlah pengembalian dana melebihi sisa pembayaran.',
  },
  'refund-refused': {
    en: 'The payment provider refused the refund. Refund it manually or try again with a new key.',
    id: 'Penyedia pembayaran menolak pengembalian dana. Kembalikan dana secara manual atau coba lagi dengan kunci baru.',
  },
  'refund-task-state': {
    en: 'This refund task is already completed.',
    id: 'Tugas pengembalian dana ini sudah selesai.',
  },
  'slot-full': {
    en: 'Sorry, this time slot was just taken. Please choose another time.',
    id: 'Maaf, slot waktu ini baru saja terisi. Silakan pilih waktu lain.',
  },
  'slot-not-offered': {
    en: 'This time is not bookable for this service (outside opening hours, too soon or too far ahead).',
    id: 'Waktu ini tidak dapat dipesan untuk layanan ini (di luar jam buka, terlalu dekat, atau terlalu jauh).',
  },
  'pet-busy': {
    en: 'Your pet already has a booking at this time.',
    id: 'Hewan Anda sudah memiliki jadwal pada waktu ini.',
  },
  'too-many-unpaid': {
    en: 'You have too many bookings waiting for payment. Pay or cancel one first.',
    id: 'Terlalu banyak pemesanan yang menunggu pembayaran. Bayar atau batalkan salah satunya terlebih dahulu.',
  },
  'species-not-served': {
    en: "This service is not offered for your pet's species.",
    id: 'Layanan ini tidak tersedia untuk jenis hewan Anda.',
  },
  'booking-state': {
    en: 'The booking is not in a state that allows this.',
    id: 'Status pemesanan tidak memungkinkan tindakan ini.',
  },
  'too-early': {
    en: 'This can only be done after the appointment has started.',
    id: 'Tindakan ini hanya bisa dilakukan setelah jadwal dimulai.',
  },
  'past-cutoff': {
    en: 'It is too late to change this booking yourself. Please contact the clinic.',
    id: 'Sudah terlambat untuk mengubah pemesanan ini sendiri. Silakan hubungi klinik.',
  },
  'already-reviewed': {
    en: 'You have already reviewed this booking.',
    id: 'Anda sudah memberi ulasan untuk pemesanan ini.',
  },
  'vendor-not-bookable': {
    en: 'This clinic is not taking bookings right now.',
    id: 'Klinik ini sedang tidak menerima pemesanan.',
  },
  'coordinates-required': {
    en: 'Instant and same-day couriers need the map location of both addresses. Pin the address on the map, or choose another courier.',
    id: 'Kurir instan dan same day memerlukan titik peta kedua alamat. Tandai alamat di peta, atau pilih kurir lain.',
  },
  'service-not-offered': {
    en: 'This courier service does not deliver between these addresses. Choose another one.',
    id: 'Layanan kurir ini tidak melayani rute antara kedua alamat ini. Silakan pilih layanan lain.',
  },
  'carrier-unavailable': {
    en: 'The courier could not be reached. Please try again in a moment.',
    id: 'Kurir tidak dapat dihubungi. Silakan coba lagi sebentar lagi.',
  },
  'products-not-offered': {
    en: 'Only shops and clinics sell products on PetPro; groomers cannot list products.',
    id: 'Hanya toko dan klinik yang dapat menjual produk di PetPro; groomer tidak dapat menambahkan produk.',
  },
  'vendor-not-selling': {
    en: 'This vendor cannot sell products right now: it is not approved, is suspended, or its approval is still being processed. Try again in a moment.',
    id: 'Mitra ini belum dapat menjual produk: belum disetujui, sedang ditangguhkan, atau persetujuannya masih diproses. Coba lagi sebentar lagi.',
  },
  'sku-taken': {
    en: 'Another product of this vendor already has this SKU.',
    id: 'SKU ini sudah dipakai oleh produk lain milik mitra ini.',
  },
  'stock-below-reserved': {
    en: 'Stock on hand cannot go below what is reserved for orders (nor below zero).',
    id: 'Stok tidak boleh kurang dari jumlah yang sedang dipesan (atau kurang dari nol).',
  },
  'image-limit': {
    en: 'A product can have at most 8 images. Remove one first.',
    id: 'Satu produk maksimal memiliki 8 gambar. Hapus salah satu terlebih dahulu.',
  },
  'image-unknown': {
    en: 'Some images are not images of this product.',
    id: 'Beberapa gambar bukan milik produk ini.',
  },
  'cart-empty': { en: 'Your cart is empty.', id: 'Keranjang Anda kosong.' },
  'cart-full': { en: 'Your cart cannot hold more products.', id: 'Keranjang Anda tidak dapat menampung produk lagi.' },
  'shipping-not-chosen': {
    en: 'Choose a courier service for every shop in your cart.',
    id: 'Pilih layanan kurir untuk setiap toko di keranjang Anda.',
  },
  'not-enough-stock': { en: 'Not enough stock for this quantity.', id: 'Stok tidak cukup untuk jumlah ini.' },
  'stock-gone': {
    en: 'Some products in your cart are no longer available in that quantity.',
    id: 'Beberapa produk di keranjang Anda tidak lagi tersedia dalam jumlah tersebut.',
  },
  'order-state': {
    en: 'The order is not in a state that allows this.',
    id: 'Status pesanan tidak memungkinkan tindakan ini.',
  },
  'quote-needed': {
    en: 'Your cart, address or courier changed, or the quote expired. Please review the quote again before paying.',
    id: 'Keranjang, alamat, atau kurir Anda berubah, atau penawaran sudah kedaluwarsa. Silakan tinjau penawaran lagi sebelum membayar.',
  },
  'rates-needed': {
    en: 'The shipping price for a shop in your cart is missing, has expired, or was for a lighter parcel. Check the courier rates for that shop again, then ask for the quote again.',
    id: 'Ongkos kirim untuk salah satu toko di keranjang Anda belum ada, sudah kedaluwarsa, atau untuk paket yang lebih ringan. Cek ulang tarif kurir untuk toko tersebut, lalu minta penawaran lagi.',
  },
} as const satisfies Record<string, Record<Locale, string>>;

export type MessageKey = keyof typeof messages;

/** The language the caller asked for, if it asked for Indonesian or English at all. */
export function explicitLocale(acceptLanguage: string | undefined): Locale | undefined {
  for (const part of (acceptLanguage ?? '').split(',')) {
    const tag = part.split(';')[0]?.trim().toLowerCase() ?? '';
    if (tag.startsWith('id') || tag.startsWith('in')) return 'id';
    if (tag.startsWith('en')) return 'en';
  }
  return undefined;
}

/** Problem titles, details and messages: the caller's language, Bahasa Indonesia when it named neither. */
export function localeFrom(acceptLanguage: string | undefined): Locale {
  return explicitLocale(acceptLanguage) ?? 'id';
}

export function message(key: MessageKey, locale: Locale): string {
  return messages[key][locale];
}
