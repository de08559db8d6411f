import { expect, test, type APIRequestContext } from '@playwright/test';
import { expectFitsPhone, expectNoSeriousAxeViolations, newCustomer } from './support/kit';
import { API_URL } from './support/ports';

// The device is in Kemang, Jakarta Selatan, and lets the app read its location ("use my current location").
test.use({ permissions: ['geolocation'], geolocation: { latitude: -6.2607, longitude: 106.8137 } });

async function localeOnProfile(request: APIRequestContext, token: string): Promise<string> {
  const me = await request.get(`${API_URL}/v1/me`, { headers: { authorization: `Bearer ${token}` } });
  return ((await me.json()) as { locale: string }).locale;
}

test('a customer edits their name, switches the language and back, and keeps addresses with a pin', async ({
  page,
  request,
}) => {
  const customer = await newCustomer({ tag: 'profil', name: 'Sari Profil' });

  await page.goto('/');
  await page.getByLabel('Email atau nomor HP').fill(customer.email);
  await page.getByLabel('Kata sandi', { exact: true }).fill(customer.password);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Cari perawatan' })).toBeVisible();

  // The profile: name, e-mail, phone, language.
  await page.getByRole('tab', { name: 'Profil' }).click();
  await expect(page.getByRole('heading', { name: 'Profil saya' })).toBeVisible();
  await expect(page.getByLabel('Nama', { exact: true })).toHaveValue('Sari Profil');
  await expect(page.getByText(customer.email, { exact: true })).toBeVisible();
  await expect(page.getByText('Belum ada')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await expectFitsPhone(page);
  await page.screenshot({ path: '.screenshots/profile.png', fullPage: true });

  await page.getByLabel('Nama', { exact: true }).fill('');
  await page.getByRole('button', { name: 'Simpan nama' }).click();
  await expect(page.getByText('Masukkan nama Anda.')).toBeVisible();
  await page.getByLabel('Nama', { exact: true }).fill('Sari Wulandari');
  await page.getByRole('button', { name: 'Simpan nama' }).click();
  await expect(page.getByText('Nama sudah disimpan.')).toBeVisible();

  // The language: the app switches at once and the profile keeps it.
  const languages = page.getByRole('radiogroup', { name: 'Bahasa aplikasi' });
  await languages.getByRole('radio', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'My profile' })).toBeVisible();
  await expect(page.getByText('The language was saved on your profile.')).toBeVisible();
  await expect(
    page.getByRole('radiogroup', { name: 'App language' }).getByRole('radio', { name: 'English' }),
  ).toBeChecked();
  expect(await localeOnProfile(request, customer.token)).toBe('en');
  await expectNoSeriousAxeViolations(page);
  await page.screenshot({ path: '.screenshots/profile-en.png', fullPage: true });
  await page.getByRole('radiogroup', { name: 'App language' }).getByRole('radio', { name: 'Bahasa Indonesia' }).click();
  await expect(page.getByRole('heading', { name: 'Profil saya' })).toBeVisible();
  await expect(page.getByText('Bahasa sudah disimpan di profil Anda.')).toBeVisible();
  expect(await localeOnProfile(request, customer.token)).toBe('id');

  // The new name came from the API, not just the form: a fresh start reads it back.
  await page.reload();
  await page.getByRole('tab', { name: 'Profil' }).click();
  await expect(page.getByLabel('Nama', { exact: true })).toHaveValue('Sari Wulandari');

  // Addresses: none yet.
  await page.getByRole('link', { name: 'Alamat saya' }).click();
  await expect(page.getByRole('heading', { name: 'Alamat saya' })).toBeVisible();
  await expect(page.getByText('Belum ada alamat.')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.screenshot({ path: '.screenshots/profile-addresses-empty.png', fullPage: true });

  // Add one: the form says what is missing, the pin included.
  await page.getByRole('button', { name: 'Tambah alamat' }).click();
  await expect(page.getByRole('heading', { name: 'Tambah alamat' })).toBeVisible();
  await expect(page.getByLabel('Nama penerima')).toHaveValue('Sari Wulandari');
  await page.getByRole('button', { name: 'Simpan alamat' }).click();
  await expect(page.getByText('Tentukan titik lokasi alamat.')).toBeVisible();
  await expect(page.getByText('Wajib diisi.').first()).toBeVisible();
  await page.getByLabel('Kode pos').fill('127');
  await page.getByLabel('Nomor HP penerima').fill('021 555 0100');
  await page.getByLabel('Lintang (latitude)').fill('106.81');
  await page.getByLabel('Bujur (longitude)').fill('-6.26');
  await page.getByRole('button', { name: 'Simpan alamat' }).click();
  await expect(page.getByText('Kode pos terdiri dari 5 angka.')).toBeVisible();
  await expect(page.getByText('Masukkan nomor HP yang diawali +62 atau 08.')).toBeVisible();
  await expect(page.getByText('Lintang berupa angka antara -90 dan 90')).toBeVisible();
  await expect(page.getByText('Ada isian yang perlu diperbaiki')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.screenshot({ path: '.screenshots/profile-address-form-invalid.png', fullPage: true });

  await page.getByLabel('Nama alamat').fill('Rumah');
  await page.getByLabel('Nomor HP penerima').fill('0812 3456 7890');
  await page.getByLabel('Alamat', { exact: true }).fill('Jl. Kemang Raya No. 12');
  await page.getByLabel('Kota/Kabupaten').fill('Jakarta Selatan');
  await page.getByLabel('Provinsi').fill('DKI Jakarta');
  await page.getByLabel('Kode pos').fill('12730');
  // The pin: a tap on the map (around Kemang, where it opens)…
  await expect(page.getByRole('button', { name: 'Pasang titik di tengah peta' })).toBeVisible();
  await page.getByTestId('address-map').click({ position: { x: 250, y: 60 } });
  await expect(page.getByLabel('Lintang (latitude)')).toHaveValue(/^-6\.\d+$/);
  await expect(page.getByLabel('Bujur (longitude)')).toHaveValue(/^106\.\d+$/);
  await expect(page.getByText(/^Titik lokasi: -6\.\d+, 106\.\d+$/)).toBeVisible();
  // …then the device's own location, exactly.
  await page.getByRole('button', { name: 'Gunakan lokasi saya saat ini' }).click();
  await expect(page.getByLabel('Lintang (latitude)')).toHaveValue('-6.2607');
  await expect(page.getByLabel('Bujur (longitude)')).toHaveValue('106.8137');
  await expect(page.getByText('Titik lokasi: -6.2607, 106.8137')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await expectFitsPhone(page);
  await page.screenshot({ path: '.screenshots/profile-address-form.png', fullPage: true });
  await page.getByRole('button', { name: 'Simpan alamat' }).click();

  // Listed, as the default (the first address is).
  await expect(page.getByRole('heading', { name: 'Alamat saya' })).toBeVisible();
  const home = page.getByRole('button', { name: /^Rumah Utama .* Ubah$/ });
  await expect(home).toBeVisible();
  await expect(home).toContainText('+6281234567890');
  await expect(home).toContainText('Jakarta Selatan, DKI Jakarta 12730');
  await expectNoSeriousAxeViolations(page);
  await page.screenshot({ path: '.screenshots/profile-addresses.png', fullPage: true });

  // Edit: what changed is saved.
  await home.click();
  await expect(page.getByRole('heading', { name: 'Ubah alamat' })).toBeVisible();
  await expect(page.getByLabel('Kode pos')).toHaveValue('12730');
  await expect(page.getByText('Ini alamat utama Anda.')).toBeVisible();
  await page.getByLabel('Detail alamat (opsional)').fill('Blok B, RT 02/RW 03');
  await page.getByLabel('Bujur (longitude)').fill('106,8140');
  await page.getByRole('button', { name: 'Simpan alamat' }).click();
  await expect(home).toContainText('Jl. Kemang Raya No. 12, Blok B, RT 02/RW 03');
  const listed = (await (
    await request.get(`${API_URL}/v1/me/addresses`, { headers: { authorization: `Bearer ${customer.token}` } })
  ).json()) as { items: { lon: number; phone: string }[] };
  expect(listed.items).toMatchObject([{ lon: 106.814, phone: '+6281234567890' }]);

  // Delete, after saying yes.
  await home.click();
  await page.getByRole('button', { name: 'Hapus alamat' }).click();
  await expect(page.getByText('Hapus alamat "Rumah"? Tindakan ini tidak dapat dibatalkan.')).toBeVisible();
  // The question comes into view by itself (it appears below the button pressed).
  await expect(page.getByRole('button', { name: 'Ya, hapus' })).toBeInViewport({ ratio: 1 });
  await page.screenshot({ path: '.screenshots/profile-address-delete.png', fullPage: true });
  await page.getByRole('button', { name: 'Ya, hapus' }).click();
  await expect(page.getByText('Belum ada alamat.')).toBeVisible();

  // Sign out from the profile.
  await page.getByRole('link', { name: 'Kembali ke profil' }).click();
  await page.getByRole('button', { name: 'Keluar dari akun' }).click();
  await expect(page.getByRole('heading', { name: 'Masuk ke PetPro' })).toBeVisible();
});
