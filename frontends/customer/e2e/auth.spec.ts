import { expect, test, type APIRequestContext } from '@playwright/test';
import { expectFitsPhone, expectNoSeriousAxeViolations } from './support/kit';
import { API_URL } from './support/ports';

interface OutboxItem {
  to: string;
  subject: string;
  body: string;
  sentAt: string;
}

/** The six-digit code of the newest message sent to `to` after `since` (the platform's dev outbox). */
async function codeSentTo(request: APIRequestContext, to: string, since: number): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(
      async () => {
        const answer = await request.get(`${API_URL}/dev/outbox?to=${encodeURIComponent(to)}`);
        const { items } = (await answer.json()) as { items: OutboxItem[] };
        const newest = items
          .filter((item) => Date.parse(item.sentAt) >= since)
          .sort((a, b) => b.sentAt.localeCompare(a.sentAt))[0];
        code = newest ? /\b(\d{6})\b/.exec(newest.body)?.[1] : undefined;
        return code;
      },
      { message: `a code sent to ${to}`, timeout: 20_000 },
    )
    .toMatch(/^\d{6}$/);
  return code!;
}

test('a new customer signs up, confirms with the e-mailed code, signs out, and signs in with a one-time code', async ({
  page,
  request,
}) => {
  const email = `baru.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.id`;
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Masuk ke PetPro' })).toBeVisible();

  // Sign-up: the form says what is wrong, per field, in Indonesian, before asking the API.
  await page.getByRole('link', { name: 'Belum punya akun? Daftar' }).click();
  await expect(page.getByRole('heading', { name: 'Daftar di PetPro' })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await expectFitsPhone(page);
  await page.screenshot({ path: '.screenshots/auth-sign-up.png', fullPage: true });

  await page.getByLabel('Email atau nomor HP').fill('021 555 0100');
  await page.getByLabel('Kata sandi', { exact: true }).fill('rahasia');
  await page.getByRole('button', { name: 'Daftar', exact: true }).click();
  await expect(page.getByText('Masukkan nama Anda.')).toBeVisible();
  await expect(page.getByText('Masukkan email, atau nomor HP yang diawali +62 atau 08.')).toBeVisible();
  await expect(page.getByText('Kata sandi minimal 8 karakter.')).toBeVisible();
  await expect(page.getByText('Tambahkan huruf besar (A–Z).')).toBeVisible();
  await expect(page.getByLabel('Kata sandi', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  // Screen readers hear the rule and the problems with the field itself.
  await expect(page.getByLabel('Kata sandi', { exact: true })).toHaveAccessibleDescription(
    /Minimal 8 karakter.*Kata sandi minimal 8 karakter\./,
  );
  await expectNoSeriousAxeViolations(page);
  await page.screenshot({ path: '.screenshots/auth-sign-up-invalid.png', fullPage: true });

  // An address already registered: the API's refusal, in words, at the field.
  await page.getByLabel('Nama lengkap').fill('Sari Baru');
  await page.getByLabel('Email atau nomor HP').fill('budi.santoso@example.id');
  await page.getByLabel('Kata sandi', { exact: true }).fill('Rahasia123');
  await page.getByRole('button', { name: 'Daftar', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('sudah terdaftar');
  await expect(page.getByText('Email atau nomor HP ini sudah terdaftar. Silakan masuk.')).toBeVisible();

  const signedUpAt = Date.now() - 1000;
  await page.getByLabel('Email atau nomor HP').fill(email.toUpperCase());
  await page.getByRole('button', { name: 'Daftar', exact: true }).click();

  // Confirmation: a wrong code is refused in Indonesian; the e-mailed one confirms and signs in.
  await expect(page.getByRole('heading', { name: 'Masukkan kode konfirmasi' })).toBeVisible();
  await expect(page.getByText(`Kami mengirim kode 6 angka ke ${email}`)).toBeVisible();
  await expect(page.getByRole('button', { name: /Kirim ulang kode dalam \d+ detik/ })).toBeDisabled();
  await expectNoSeriousAxeViolations(page);
  await page.screenshot({ path: '.screenshots/auth-confirm.png', fullPage: true });

  await page.getByLabel('Kode konfirmasi').fill('000000');
  await page.getByRole('button', { name: 'Konfirmasi', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Kode salah atau sudah kedaluwarsa.');
  await expect(page.getByText('Periksa kode di pesan terbaru dari PetPro, atau kirim ulang kode.')).toBeVisible();
  await expect(page.getByRole('alert')).not.toContainText('{');
  await page.screenshot({ path: '.screenshots/auth-confirm-wrong.png', fullPage: true });

  const code = await codeSentTo(request, email, signedUpAt);
  await page.getByLabel('Kode konfirmasi').fill(code);
  await page.getByRole('button', { name: 'Konfirmasi', exact: true }).click();

  // Signed in: App goes on to Find care, with the sign-out action in the header.
  await expect(page.getByRole('heading', { name: 'Cari perawatan' })).toBeVisible();
  await page.getByRole('tab', { name: 'Profil' }).click();
  await expect(page.getByLabel('Nama', { exact: true })).toHaveValue('Sari Baru');
  await expect(page.getByText(email, { exact: true })).toBeVisible();

  await page.getByRole('button', { name: 'Keluar', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Masuk ke PetPro' })).toBeVisible();

  // One-time code by e-mail: choose the channel, a wrong code is said clearly, the right one signs in.
  await page.getByRole('link', { name: 'Masuk dengan kode sekali pakai' }).click();
  await expect(page.getByRole('heading', { name: 'Masuk dengan kode' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Email' })).toBeChecked();
  await page.getByRole('radio', { name: 'SMS' }).click();
  await expect(page.getByLabel('Nomor HP')).toBeVisible();
  await page.getByLabel('Nomor HP').fill(email);
  await page.getByRole('button', { name: 'Kirim kode' }).click();
  await expect(page.getByText('Masukkan nomor HP yang diawali +62 atau 08.')).toBeVisible();
  await page.getByRole('radio', { name: 'Email' }).click();
  await expectNoSeriousAxeViolations(page);
  await expectFitsPhone(page);
  await page.screenshot({ path: '.screenshots/auth-otp.png', fullPage: true });

  const otpAt = Date.now() - 1000;
  await page.getByLabel('Alamat email').fill(email);
  await page.getByRole('button', { name: 'Kirim kode' }).click();
  await expect(page.getByText(`Jika ${email} terdaftar di PetPro`)).toBeVisible();
  await page.getByLabel('Kode sekali pakai').fill('000000');
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Kode salah atau sudah kedaluwarsa.');
  await expect(page.getByText('Periksa kode di pesan terbaru dari PetPro, atau kirim ulang kode.')).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.screenshot({ path: '.screenshots/auth-otp-wrong.png', fullPage: true });

  const otp = await codeSentTo(request, email, otpAt);
  await page.getByLabel('Kode sekali pakai').fill(otp);
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Cari perawatan' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Keluar', exact: true })).toBeVisible();
});

test('sign-in links to sign-up and the one-time code, and back', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: 'Masuk dengan kode sekali pakai' }).click();
  await page.getByRole('link', { name: 'Kembali ke masuk dengan kata sandi' }).click();
  await expect(page.getByRole('heading', { name: 'Masuk ke PetPro' })).toBeVisible();
  await page.getByRole('link', { name: 'Belum punya akun? Daftar' }).click();
  await page.getByRole('link', { name: 'Sudah punya akun? Masuk' }).click();
  await expect(page.getByRole('heading', { name: 'Masuk ke PetPro' })).toBeVisible();

  // English: the same screens in the other language.
  await page.getByRole('radio', { name: 'English' }).click();
  await page.getByRole('link', { name: 'No account yet? Sign up' }).click();
  await expect(page.getByRole('heading', { name: 'Sign up for PetPro' })).toBeVisible();
  await expect(page.getByText('At least 8 characters, with an upper-case letter')).toBeVisible();
  await page.screenshot({ path: '.screenshots/auth-sign-up-en.png', fullPage: true });
});

test('an account that never entered its code is sent to confirm it when signing in, then signed in', async ({
  page,
  request,
}) => {
  const email = `lupa.${Date.now()}.${Math.floor(Math.random() * 1e6)}@example.id`;
  const createdAt = Date.now() - 1000;
  const created = await request.post(`${API_URL}/v1/auth/sign-up`, {
    data: { email, password: 'Rahasia123', name: 'Lupa Kode' },
  });
  expect(created.status()).toBe(201);

  await page.goto('/');
  await page.getByLabel('Email atau nomor HP').fill(email);
  await page.getByLabel('Kata sandi', { exact: true }).fill('Rahasia123');
  await page.getByRole('button', { name: 'Masuk', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Konfirmasi akun Anda');
  await page.getByRole('link', { name: 'Masukkan kode konfirmasi' }).click();

  await expect(page.getByRole('heading', { name: 'Masukkan kode konfirmasi' })).toBeVisible();
  await page.getByLabel('Kode konfirmasi').fill(await codeSentTo(request, email, createdAt));
  await page.getByRole('button', { name: 'Konfirmasi', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Cari perawatan' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Keluar', exact: true })).toBeVisible();
});
