import { expect, test, type FileChooser, type Locator, type Page } from '@playwright/test';
import { call, DAY, expectAccessible, newCustomer, signInInApp, type Customer } from './support/kit';

/**
 * The pets area against the real local platform: fresh customers (sign-up, the code from the dev
 * outbox, confirm, sign in), a pet added in the app with a photo uploaded to the S3 stand-in through
 * its presigned PUT, edited, given a vaccination and two weights (the chart), hidden from another
 * customer, and readable offline with a write refused in words and kept.
 */

/** What Playwright's file payloads take as bytes: Node's Buffer. */
type FileBytes = Extract<Parameters<FileChooser['setFiles']>[0], { buffer: unknown }>['buffer'];
/** Node's Buffer, reached through globalThis: the e2e files are type-checked without Node's types. */
const NodeBuffer = (globalThis as unknown as { Buffer: { from(text: string, encoding: 'base64'): FileBytes } }).Buffer;
/** A 1×1 orange PNG (69 bytes): the photo picked in the browser's file chooser. */
const PNG = NodeBuffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGN4UGUDAAPUAZcvJUumAAAAAElFTkSuQmCC',
  'base64',
);

/** Signed in in the app, on the Pets tab. */
async function openPets(page: Page, customer: Customer): Promise<void> {
  await signInInApp(page, customer);
  await page.getByRole('tab', { name: 'Hewan' }).click();
  await expect(page.getByRole('heading', { name: 'Hewan saya' })).toBeVisible();
}

/** Whether the photo inside `where` has loaded real pixels (not a broken link, not the initial). */
async function imageLoaded(where: Locator): Promise<boolean> {
  const img = where.locator('img');
  if ((await img.count()) === 0) return false;
  return img.first().evaluate((element: HTMLImageElement) => element.complete && element.naturalWidth > 0);
}

/** `d/m/yyyy` days from today, in Jakarta, as the form takes it (15/03/2022). */
function dayInput(offsetDays: number): string {
  const [year, month, day] = new Date(Date.now() + 7 * 60 * 60_000 + offsetDays * DAY)
    .toISOString()
    .slice(0, 10)
    .split('-');
  return `${day}/${month}/${year}`;
}

async function addRecord(
  page: Page,
  kind: 'Vaksinasi' | 'Berat badan',
  fields: Record<string, string>,
  check?: (page: Page) => Promise<void>,
) {
  await page.getByRole('button', { name: 'Tambah catatan' }).click();
  await expect(page.getByRole('heading', { name: 'Tambah catatan kesehatan' })).toBeVisible();
  await expect(page.getByText('Untuk Milo Kecil')).toBeVisible();
  await page.getByRole('radio', { name: kind }).click();
  for (const [label, value] of Object.entries(fields)) await page.getByLabel(label, { exact: true }).fill(value);
  await check?.(page);
  await page.getByRole('button', { name: 'Simpan catatan' }).click();
}

test('a customer adds a pet with a photo, edits it, records a vaccination and weights; others cannot see it; offline it stays readable', async ({
  browser,
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const [owner, other] = await Promise.all([newCustomer({ tag: 'pets.owner' }), newCustomer({ tag: 'pets.other' })]);
  await openPets(page, owner);
  await expect(page.getByText('Belum ada hewan.', { exact: false })).toBeVisible();

  // The form: refused empty, in words, per field.
  await page.getByRole('button', { name: 'Tambah hewan' }).click();
  await expect(page.getByRole('heading', { name: 'Tambah hewan' })).toBeVisible();
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(page.getByText('Periksa kolom yang ditandai.')).toBeVisible();
  await expect(page.getByText('Wajib diisi.')).toHaveCount(2); // name and species
  await expect(page.getByLabel('Nama', { exact: true })).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Nama', { exact: true }).fill('Milo');
  await page.getByRole('radio', { name: 'Kucing' }).click();
  await expect(page.getByRole('radio', { name: 'Kucing' })).toBeChecked();
  await page.getByLabel('Ras (opsional)').fill('Domestik');
  await page.getByRole('radio', { name: 'Jantan' }).click();
  await page.getByLabel('Tanggal lahir (opsional)').fill('01/02/2023');
  await page.getByLabel('Berat dalam kg (opsional)').fill('4,2');

  // The photo: expo-image-picker's file input on the web.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Pilih foto' }).click();
  await (await chooser).setFiles({ name: 'milo.png', mimeType: 'image/png', buffer: PNG });
  await expect(page.getByText('Foto diunggah setelah hewan disimpan.')).toBeVisible();
  await expectAccessible(page, 'form');
  await page.screenshot({ path: '.screenshots/pets-form-id-360.png', fullPage: true });
  await page.getByRole('button', { name: 'Simpan', exact: true }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: '.screenshots/pets-form-end-id-360.png' });

  // Saving: the pet, then the bytes PUT straight to the presigned URL (the S3 stand-in, cross-origin).
  const put = page.waitForResponse((response) => response.request().method() === 'PUT');
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  const upload = await put;
  expect(upload.status(), `PUT ${upload.url()}`).toBe(200);
  expect(upload.request().headers()['content-type']).toBe('image/png');

  await expect(page.getByRole('heading', { name: 'Milo' })).toBeVisible();
  await expect.poll(() => imageLoaded(page.locator('[aria-label="Foto Milo"]'))).toBe(true);
  const pets = await call<{ items: { petId: string; name: string; photoUrl: string | null }[] }>('GET', '/v1/me/pets', {
    token: owner.token,
  });
  expect(pets.data.items.map((p) => p.name)).toEqual(['Milo']);
  const petId = pets.data.items[0]!.petId;
  const stored = await fetch(pets.data.items[0]!.photoUrl!);
  expect(stored.status).toBe(200);
  expect(new Uint8Array(await stored.arrayBuffer())).toEqual(new Uint8Array(PNG));

  // The list: the photo as the API links it.
  await page.getByRole('button', { name: 'Kembali' }).click();
  await expect(page.getByRole('heading', { name: 'Hewan saya' })).toBeVisible();
  const row = page.getByRole('button', { name: /^Milo Kucing · Domestik · \d+ tahun/ });
  await expect(row).toBeVisible();
  await expect.poll(() => imageLoaded(row)).toBe(true);
  await expectAccessible(page, 'list');
  await page.screenshot({ path: '.screenshots/pets-list-id-360.png', fullPage: true });

  // Editing: only the name changes.
  await row.click();
  await page.getByRole('button', { name: 'Ubah data' }).click();
  await expect(page.getByRole('heading', { name: 'Ubah data hewan' })).toBeVisible();
  await expect(page.getByLabel('Berat dalam kg (opsional)')).toHaveValue('4,2');
  await page.getByLabel('Nama', { exact: true }).fill('Milo Kecil');
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Milo Kecil' })).toBeVisible();

  // Records: a vaccination due in 20 days, and two weights a month apart.
  await addRecord(
    page,
    'Vaksinasi',
    {
      'Nama vaksin': 'Rabies',
      'Tanggal': dayInput(-345),
      'Tanggal vaksin berikutnya (opsional)': dayInput(20),
    },
    async (form) => {
      await expectAccessible(form, 'record form');
      await form.screenshot({ path: '.screenshots/pets-record-form-id-360.png', fullPage: true });
    },
  );
  await expect(page.getByRole('heading', { name: 'Milo Kecil' })).toBeVisible();
  await expect(page.getByText('Rabies: Jatuh tempo dalam 20 hari')).toBeVisible();
  await addRecord(page, 'Berat badan', { 'Berat dalam kg': '3,9', 'Tanggal': dayInput(-30) });
  await expect(page.getByRole('heading', { name: 'Milo Kecil' })).toBeVisible();
  await addRecord(page, 'Berat badan', { 'Berat dalam kg': '4,2', 'Tanggal': dayInput(0) });
  const chart = page.getByRole('img', {
    name: /^Grafik berat badan\. Berat terakhir 4,2 kg pada .+, naik 0,3 kg sejak .+\.$/,
  });
  await expect(chart).toBeVisible();
  await expect(chart.locator('circle')).toHaveCount(2);
  await expect(page.getByText(/^Berat terakhir 4,2 kg pada .+, naik 0,3 kg sejak/)).toBeVisible();
  await expectAccessible(page, 'detail');
  await page.screenshot({ path: '.screenshots/pets-detail-id-360.png', fullPage: true });
  await page.getByText('Vaksinasi', { exact: true }).scrollIntoViewIfNeeded();
  await page.screenshot({ path: '.screenshots/pets-detail-records-id-360.png' });
  await page.getByText('Riwayat berat').scrollIntoViewIfNeeded();
  await page.screenshot({ path: '.screenshots/pets-detail-chart-id-360.png' });

  // Another customer sees none of it, in the app or from the API.
  const otherContext = await browser.newContext();
  const otherPage = await otherContext.newPage();
  await openPets(otherPage, other);
  await expect(otherPage.getByText('Belum ada hewan.', { exact: false })).toBeVisible();
  await expect(otherPage.getByText('Milo Kecil')).toHaveCount(0);
  expect((await call('GET', `/v1/me/pets/${petId}`, { token: other.token })).status).toBe(404);
  expect((await call('GET', `/v1/me/pets/${petId}/records`, { token: other.token })).status).toBe(404);
  await otherContext.close();

  // Offline, within the app (no reload): the pet and the list from the device, marked.
  await page.getByRole('button', { name: 'Kembali' }).click();
  await expect(page.getByRole('heading', { name: 'Hewan saya' })).toBeVisible();
  // Loaded (and kept on the device) before the network goes.
  await expect(page.getByRole('button', { name: /^Milo Kecil Kucing/ })).toBeVisible();
  await expect(page.getByText('Memuat hewan…')).toHaveCount(0);
  await context.setOffline(true);
  await page.getByRole('button', { name: /^Milo Kecil Kucing/ }).click();
  await expect(page.getByRole('heading', { name: 'Milo Kecil' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Anda sedang offline. Terakhir diperbarui' })).toBeVisible();
  await expect(page.getByText('Rabies: Jatuh tempo dalam 20 hari')).toBeVisible();
  await expect(chart).toBeVisible();
  await page.getByRole('button', { name: 'Kembali' }).click();
  await expect(page.getByRole('heading', { name: 'Hewan saya' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'Anda sedang offline. Terakhir diperbarui' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Milo Kecil Kucing/ })).toBeVisible();
  await page.screenshot({ path: '.screenshots/pets-list-offline-id-360.png', fullPage: true });

  // Adding offline: refused in the client's words, and what was typed stays.
  await page.getByRole('button', { name: 'Tambah hewan' }).click();
  await page.getByLabel('Nama', { exact: true }).fill('Bruno');
  await page.getByRole('radio', { name: 'Anjing' }).click();
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  const offlineAlert = page.getByRole('alert').filter({ hasText: 'Tidak dapat terhubung ke PetPro' });
  await expect(offlineAlert).toBeVisible();
  await offlineAlert.scrollIntoViewIfNeeded();
  await expect(page.getByLabel('Nama', { exact: true })).toHaveValue('Bruno');
  await expect(page.getByRole('radio', { name: 'Anjing' })).toBeChecked();
  await page.screenshot({ path: '.screenshots/pets-form-offline-id-360.png', fullPage: true });

  // Back online, the same press adds it, once.
  await context.setOffline(false);
  await page.getByRole('button', { name: 'Simpan', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Bruno' })).toBeVisible();
  const after = await call<{ items: { name: string }[] }>('GET', '/v1/me/pets', { token: owner.token });
  expect(after.data.items.map((p) => p.name).sort()).toEqual(['Bruno', 'Milo Kecil']);
});

test('removing a pet asks first; cancelling keeps it', async ({ page }) => {
  const owner = await newCustomer({ tag: 'pets.remove', pet: { name: 'Kiki', species: 'rabbit' } });
  await openPets(page, owner);
  // Every word follows the language switch.
  await page.getByRole('radio', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'My pets' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Kiki Rabbit/ })).toBeVisible();
  await page.getByRole('radio', { name: 'Bahasa Indonesia' }).click();
  await page.getByRole('button', { name: /^Kiki Kelinci/ }).click();
  await page.getByRole('button', { name: 'Ubah data' }).click();
  await page.getByRole('button', { name: 'Hapus hewan ini' }).click();
  await expect(page.getByText(/^Hapus Kiki\?/)).toBeVisible();
  await page.getByRole('button', { name: 'Batal' }).click();
  await expect(page.getByRole('button', { name: 'Hapus hewan ini' })).toBeVisible();
  expect((await call('GET', `/v1/me/pets/${owner.petId}`, { token: owner.token })).status).toBe(200);

  await page.getByRole('button', { name: 'Hapus hewan ini' }).click();
  await page.getByRole('button', { name: 'Ya, hapus' }).click();
  await expect(page.getByRole('heading', { name: 'Hewan saya' })).toBeVisible();
  await expect(page.getByText('Belum ada hewan.', { exact: false })).toBeVisible();
  expect((await call('GET', `/v1/me/pets/${owner.petId}`, { token: owner.token })).status).toBe(404);
});
