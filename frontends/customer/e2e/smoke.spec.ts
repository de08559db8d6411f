import { expect, test } from '@playwright/test';
import { expectAccessible, expectNoSeriousAxeViolations } from './support/kit';

test('the sign-in screen renders in Bahasa Indonesia at 360 px, with no serious accessibility violations', async ({
  page,
}) => {
  await page.setViewportSize({ width: 360, height: 760 });
  await page.goto('/');

  await expect(page.getByRole('heading', { name: 'Masuk ke PetPro' })).toBeVisible();
  await expect(page.getByLabel('Email atau nomor HP')).toBeVisible();
  await expect(page.getByLabel('Kata sandi', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Masuk' })).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Bahasa Indonesia' })).toBeChecked();
  await expect(page.locator('#root [lang]').first()).toHaveAttribute('lang', 'id');

  await expectAccessible(page, 'sign-in');

  await page.screenshot({ path: '.screenshots/sign-in-id-360.png', fullPage: true });

  // The language switch: English, every label follows.
  await page.getByRole('radio', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to PetPro' })).toBeVisible();
  await expect(page.getByLabel('Email or phone number')).toBeVisible();
  await expect(page.locator('#root [lang]').first()).toHaveAttribute('lang', 'en');
  await page.screenshot({ path: '.screenshots/sign-in-en-360.png', fullPage: true });

  // The form refuses what is neither an e-mail nor a +62 number, in words.
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Enter an email address, or a phone number starting with +62 or 08.')).toBeVisible();
});

test('Find care lists the clinics around Kemang with distance, rating and starting price', async ({ page }) => {
  // No API here: the search answer is the one docs/api/openapi.json describes.
  let asked: URL | undefined;
  await page.route('**/v1/clinics?*', async (route) => {
    asked = new URL(route.request().url());
    await route.fulfill({
      status: 200,
      contentType: 'application/json',
      headers: { 'Access-Control-Allow-Origin': '*' },
      body: JSON.stringify({
        items: [
          {
            vendorId: 'v-kemang',
            name: 'Klinik Hewan Kemang',
            kind: 'clinic',
            address: 'Jl. Kemang Raya No. 10',
            city: 'Jakarta Selatan',
            lat: -6.261,
            lon: 106.812,
            distanceKm: 0.4,
            rating: 4.8,
            reviewCount: 120,
            openNow: true,
            services: [
              {
                serviceId: 's1',
                name: 'Konsultasi',
                category: 'vet_consultation',
                price: { amount: 150000, currency: 'IDR' },
                durationMin: 30,
              },
              {
                serviceId: 's2',
                name: 'Vaksinasi',
                category: 'vaccination',
                price: { amount: 250000, currency: 'IDR' },
                durationMin: 30,
              },
            ],
          },
        ],
        nextCursor: null,
      }),
    });
  });
  await page.setViewportSize({ width: 360, height: 760 });
  await page.goto('/');
  await page.getByRole('link', { name: 'Cari klinik tanpa masuk' }).click();

  await expect(page.getByRole('heading', { name: 'Cari perawatan' })).toBeVisible();
  await expect(page.getByText('Klinik Hewan Kemang')).toBeVisible();
  await expect(page.getByText('Mulai Rp150.000')).toBeVisible();
  await expect(page.getByText('0,4 km')).toBeVisible();
  await expect(page.getByText('★ 4,8 (120 ulasan)')).toBeVisible();
  expect(asked?.searchParams.get('lat')).toBe('-6.26');
  expect(asked?.searchParams.get('lon')).toBe('106.81');

  await expectNoSeriousAxeViolations(page, 'Find care');
  await page.screenshot({ path: '.screenshots/find-care-id-360.png', fullPage: true });
});

test('a refused sign-in shows the problem in words, then a good one opens Find care', async ({ page }) => {
  const cors = { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' };
  let attempts = 0;
  await page.route('**/v1/auth/sign-in', async (route) => {
    if (route.request().method() === 'OPTIONS') return route.fulfill({ status: 204, headers: cors });
    attempts += 1;
    const body = route.request().postDataJSON() as { username: string; password: string };
    expect(route.request().headers()['accept-language']).toBe('id');
    if (body.password !== 'BudiPetPro2026') {
      return route.fulfill({
        status: 401,
        contentType: 'application/problem+json',
        headers: cors,
        body: JSON.stringify({
          type: 'https://petpro.id/problems/invalid-credentials',
          title: 'Email/nomor HP atau kata sandi salah',
          status: 401,
          detail: 'Periksa kembali, lalu coba lagi.',
        }),
      });
    }
    expect(body.username).toBe('+6281234567890');
    return route.fulfill({
      status: 200,
      contentType: 'application/json',
      headers: cors,
      body: JSON.stringify({ accessToken: 'a', idToken: 'i', refreshToken: 'r', expiresIn: 3600, tokenType: 'Bearer' }),
    });
  });
  await page.route('**/v1/clinics?*', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'application/json',
      headers: cors,
      body: JSON.stringify({ items: [], nextCursor: null }),
    }),
  );
  await page.setViewportSize({ width: 360, height: 760 });
  await page.goto('/');

  await page.getByLabel('Email atau nomor HP').fill('0812-3456-7890');
  await page.getByLabel('Kata sandi', { exact: true }).fill('salah');
  await page.getByRole('button', { name: 'Masuk' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Email/nomor HP atau kata sandi salah');
  await expect(alert).toContainText('Periksa kembali, lalu coba lagi.');
  await expect(alert).not.toContainText('{');
  await page.screenshot({ path: '.screenshots/sign-in-refused-id-360.png', fullPage: true });

  await page.getByLabel('Kata sandi', { exact: true }).fill('BudiPetPro2026');
  await page.getByRole('button', { name: 'Masuk' }).click();
  await expect(page.getByRole('heading', { name: 'Cari perawatan' })).toBeVisible();
  await expect(page.getByText('Belum ada klinik di sekitar sini.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Keluar' })).toBeVisible();
  expect(attempts).toBe(2);
});
