import { expect, test, type Page } from '@playwright/test';
import { call, escapeRegExp, expectAccessible, expectNoSeriousAxeViolations, KEMANG } from './support/kit';

/**
 * Find care against the real local platform (no sign-in): the map (MapLibre on WebGL, the bundled
 * basemap) with a marker per clinic and the list under it, a filter that changes what the API answers,
 * a marker selecting its clinic, a clinic's profile (services in rupiah, hours in its zone) and "Pesan"
 * leading on to booking. What the screens show is compared with what the API answers to the same query.
 */

interface SearchItem {
  vendorId: string;
  name: string;
  lat: number;
  lon: number;
  services: { price: { amount: number } }[];
}

async function searchApi(query: Record<string, string | number>): Promise<SearchItem[]> {
  const params = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
  const answer = await call<{ items: SearchItem[] }>('GET', `/v1/clinics?${params}`);
  expect(answer.status).toBe(200);
  return answer.data.items;
}

/** The app opens on sign-in; Find care is one link away, no account needed. */
async function openFindCare(page: Page): Promise<void> {
  await page.goto('/');
  await page.getByRole('link', { name: 'Cari klinik tanpa masuk' }).click();
  await expect(page.getByRole('heading', { name: 'Cari perawatan' })).toBeVisible();
}

const map = (page: Page) => page.getByTestId('care-map');
const markers = (page: Page) => map(page).locator('.petpro-marker');

/** Whether the markers stayed put over a few frames: the style has loaded and no easing moves them. */
async function markersAtRest(page: Page): Promise<boolean> {
  return markers(page).evaluateAll(async (elements) => {
    const where = () =>
      elements.map((element) => `${element.getBoundingClientRect().x},${element.getBoundingClientRect().y}`).join(' ');
    const before = where();
    for (let frame = 0; frame < 5; frame += 1) await new Promise((resolve) => requestAnimationFrame(resolve));
    return elements.length > 0 && where() === before;
  });
}

/** A marker no other marker covers (they crowd in the city), so a real click lands on it. */
async function clickableMarkerName(page: Page): Promise<string> {
  const name = await markers(page).evaluateAll((elements) => {
    for (const element of elements) {
      const box = element.getBoundingClientRect();
      const hit = element.ownerDocument.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
      if (hit === element) return element.getAttribute('aria-label');
    }
    return null;
  });
  expect(name, 'a marker not covered by another').toBeTruthy();
  return name!;
}

test('Find care around Kemang: the map with a marker per clinic, and the list under it', async ({ page }) => {
  const expected = await searchApi({ ...KEMANG, radiusKm: 5, sort: 'distance', limit: 50 });
  expect(expected.length).toBeGreaterThan(3);

  const asked = page.waitForRequest((request) => request.url().includes('/v1/clinics?'));
  const basemap = page.waitForResponse((response) => response.url().endsWith('/basemap/indonesia.geojson'));
  const worker = page.waitForResponse((response) => response.url().includes('/basemap/maplibre-gl-worker.js'));
  await openFindCare(page);
  const query = new URL((await asked).url()).searchParams;
  expect(Object.fromEntries(query)).toMatchObject({ lat: '-6.26', lon: '106.81', radiusKm: '5', sort: 'distance' });
  await expect(page.getByText('Di sekitar Kemang, Jakarta Selatan')).toBeVisible();

  // The map: MapLibre's canvas (WebGL), named, with one named marker per clinic listed.
  const canvas = map(page).locator('canvas.maplibregl-canvas');
  await expect(canvas).toBeVisible();
  await expect(canvas).toHaveAttribute('aria-label', 'Peta klinik di sekitar Kemang, Jakarta Selatan');
  await expect(map(page).getByRole('img', { name: 'Pusat pencarian: Kemang, Jakarta Selatan' })).toBeAttached();
  await expect(markers(page)).toHaveCount(expected.length);
  // Not Tab stops (each card's "Di peta" is the keyboard's way), still named buttons.
  await expect(markers(page).first()).toHaveAttribute('tabindex', '-1');
  await expect(
    map(page).getByRole('button', { name: new RegExp(`^${escapeRegExp(expected[0]!.name)}, `) }),
  ).toHaveCount(1);

  // The list: the nearest first, with its starting price.
  await expect(page.getByText(`${expected.length} klinik`, { exact: true })).toBeVisible();
  const first = page.getByTestId(`clinic-card-${expected[0]!.vendorId}`);
  await expect(first).toContainText(expected[0]!.name);
  const cheapest = Math.min(...expected[0]!.services.map((service) => service.price.amount));
  await expect(first).toContainText(`Mulai Rp${cheapest.toLocaleString('de-DE')}`);

  // The bundled basemap (public/basemap/) was loaded, MapLibre's worker with it.
  expect((await basemap).status()).toBe(200);
  expect((await worker).status()).toBe(200);

  // The map included: its canvas, markers and credits.
  await expectAccessible(page, 'Find care');
  await page.screenshot({ path: '.screenshots/care-find-id-360.png' });
});

test('a filter asks the API again and the list follows its answer', async ({ page }) => {
  await openFindCare(page);
  await expect(markers(page).first()).toBeAttached();

  const expected = await searchApi({ ...KEMANG, radiusKm: 5, service: 'vaccination', sort: 'distance', limit: 50 });
  const all = await searchApi({ ...KEMANG, radiusKm: 5, sort: 'distance', limit: 50 });
  expect(expected.length).toBeLessThan(all.length);

  await page.getByRole('button', { name: 'Filter' }).click();
  const asked = page.waitForRequest((request) => request.url().includes('service=vaccination'));
  await page.getByRole('radiogroup', { name: 'Layanan' }).getByRole('radio', { name: 'Vaksinasi' }).click();
  expect(new URL((await asked).url()).searchParams.get('service')).toBe('vaccination');
  await expect(page.getByRole('radio', { name: 'Vaksinasi' })).toBeChecked();
  await page.screenshot({ path: '.screenshots/care-filters-id-360.png' });
  await page.getByRole('button', { name: 'Selesai' }).click();

  await expect(page.getByText(`${expected.length} klinik`, { exact: true })).toBeVisible();
  await expect(markers(page)).toHaveCount(expected.length);
  await expect(page.getByTestId(`clinic-card-${expected[0]!.vendorId}`)).toBeVisible();
  const dropped = all.find((clinic) => !expected.some((kept) => kept.vendorId === clinic.vendorId))!;
  await expect(page.getByTestId(`clinic-card-${dropped.vendorId}`)).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Filter, 1 aktif' })).toBeVisible();

  // "Open now only" too: the API's openNow answer (possibly none, at night).
  const openNow = await searchApi({
    ...KEMANG,
    radiusKm: 5,
    service: 'vaccination',
    openNow: 'true',
    sort: 'distance',
    limit: 50,
  });
  await page.getByRole('checkbox', { name: 'Buka sekarang saja' }).click();
  await expect(page.getByRole('checkbox', { name: 'Buka sekarang saja' })).toBeChecked();
  await expect(page.getByText(`${openNow.length} klinik`, { exact: true })).toBeVisible();
  await expect(markers(page)).toHaveCount(openNow.length);
});

test('a marker selects its clinic; the profile shows services in rupiah and hours in its zone; Pesan books', async ({
  page,
}) => {
  await openFindCare(page);
  await expect(markers(page).first()).toBeAttached();
  await expect.poll(() => markersAtRest(page), { message: 'the markers placed, not moving' }).toBe(true);

  // A marker click selects the clinic: the marker pressed, its card marked, the bar under the map.
  const markerName = await clickableMarkerName(page);
  const clinicName = markerName.replace(/, [\d,]+ km$/, '');
  const marker = map(page).getByRole('button', { name: markerName, exact: true });
  await marker.click();
  await expect(marker).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText(`Dipilih: ${clinicName}`)).toBeVisible();
  const card = page.locator('[data-testid^="clinic-card-"]', { hasText: 'Dipilih di peta' });
  await expect(card).toHaveCount(1);
  await expect(card).toContainText(clinicName);
  await expect(card.getByRole('button', { name: `Tampilkan ${clinicName} di peta` })).toHaveAttribute(
    'aria-pressed',
    'true',
  );
  await page.screenshot({ path: '.screenshots/care-selected-id-360.png' });

  // And the other way: a card's "Di peta" selects its marker.
  const other = page.locator('[data-testid^="clinic-card-"]').filter({ hasNotText: 'Dipilih di peta' }).first();
  const otherId = (await other.getAttribute('data-testid'))!.replace('clinic-card-', '');
  await other.getByRole('button', { name: /^Tampilkan .* di peta$/ }).click();
  await expect(map(page).locator(`[data-marker-id="${otherId}"]`)).toHaveAttribute('aria-pressed', 'true');
  await expect(marker).toHaveAttribute('aria-pressed', 'false');

  // Its profile, as the API has it.
  await page.getByRole('button', { name: /^Lihat klinik / }).click();
  const profile = (
    await call<{
      name: string;
      services: { name: string; price: { amount: number } }[];
      schedule: { timeZone: string };
    }>('GET', `/v1/clinics/${otherId}`)
  ).data;
  const zone = { 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' }[profile.schedule.timeZone];
  await expect(page.getByRole('heading', { name: profile.name, level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Layanan' })).toBeVisible();
  const service = profile.services[0]!;
  const price = `Rp${service.price.amount.toLocaleString('de-DE')}`;
  await expect(page.getByText(price).first()).toBeVisible();
  await expect(page.getByText(/^Rp\d{1,3}(\.\d{3})+$/).first()).toBeVisible();
  await expect(page.getByRole('heading', { name: `Jam buka (${zone})` })).toBeVisible();
  await expect(page.getByText(new RegExp(`^\\d{2}\\.\\d{2}–\\d{2}\\.\\d{2}.* ${zone}$`)).first()).toBeVisible();
  await expect(page.getByText(/km dari Kemang, Jakarta Selatan$/)).toBeVisible();

  await expectNoSeriousAxeViolations(page, 'the clinic profile');
  await page.setViewportSize({ width: 360, height: 2600 }); // the whole profile in one picture
  await page.screenshot({ path: '.screenshots/care-profile-id-360.png' });
  await page.setViewportSize({ width: 360, height: 760 });

  // "Pesan" goes on to booking (bookings needs a session: sign-in opens first, or the booking screen).
  await page.getByRole('button', { name: `Pesan ${service.name}, ${price}` }).click();
  await expect(page.getByRole('heading', { name: profile.name, level: 1 })).toHaveCount(0);
  await expect(page.getByRole('heading').first()).toBeVisible();
  await page.screenshot({ path: '.screenshots/care-book-id-360.png' });
});

test('the profile in English: hours and services follow the language', async ({ page }) => {
  const [nearest] = await searchApi({ ...KEMANG, radiusKm: 5, sort: 'distance', limit: 1 });
  await openFindCare(page);
  await page.getByRole('radio', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Find care' })).toBeVisible();
  await expect(map(page).locator('canvas')).toHaveAttribute(
    'aria-label',
    'Map of clinics around Kemang, South Jakarta',
  );
  await page.getByTestId(`clinic-card-${nearest!.vendorId}`).getByRole('link').click();
  await expect(page.getByRole('heading', { name: 'Services' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Opening hours \((WIB|WITA|WIT)\)$/ })).toBeVisible();
  await expect(page.getByText('Monday', { exact: false }).first()).toBeVisible();
  await expect(page.getByRole('button', { name: /^Book .*, Rp[\d.]+$/ }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(page.getByRole('heading', { name: 'Find care' })).toBeVisible();
});

test.describe('around my location', () => {
  test.use({ permissions: ['geolocation'], geolocation: { latitude: -6.9175, longitude: 107.6191 } });

  test('searches around the position the browser gives (Bandung here)', async ({ page }) => {
    await openFindCare(page);
    const asked = page.waitForRequest((request) => request.url().includes('lat=-6.9175'));
    await page.getByRole('button', { name: 'Cari di sekitar lokasi saya' }).click();
    const query = new URL((await asked).url()).searchParams;
    expect(query.get('lon')).toBe('107.6191');
    await expect(page.getByText('Di sekitar lokasi Anda')).toBeVisible();
    const expected = await searchApi({ lat: -6.9175, lon: 107.6191, radiusKm: 5, sort: 'distance', limit: 50 });
    await expect(page.getByText(`${expected.length} klinik`, { exact: true })).toBeVisible();
  });
});

test.describe('location refused', () => {
  test.use({ permissions: [] });

  test('stays around Kemang and says why', async ({ page, context }) => {
    await context.clearPermissions();
    await openFindCare(page);
    await expect(markers(page).first()).toBeAttached();
    await page.getByRole('button', { name: 'Cari di sekitar lokasi saya' }).click();
    await expect(page.getByRole('alert')).toContainText('Tetap mencari di sekitar Kemang, Jakarta Selatan');
    await expect(page.getByText('Di sekitar Kemang, Jakarta Selatan', { exact: true })).toBeVisible();
  });

  test('a city from the list instead: Denpasar (WITA)', async ({ page }) => {
    await openFindCare(page);
    await page.getByRole('button', { name: 'Ganti tempat' }).click();
    const asked = page.waitForRequest((request) => request.url().includes('lat=-8.6705'));
    await page.getByRole('radio', { name: 'Denpasar' }).click();
    await asked;
    await expect(page.getByText('Di sekitar Denpasar')).toBeVisible();
    const expected = await searchApi({ lat: -8.6705, lon: 115.2126, radiusKm: 5, sort: 'distance', limit: 50 });
    await expect(page.getByText(`${expected.length} klinik`, { exact: true })).toBeVisible();
    await expect(markers(page)).toHaveCount(expected.length);
    // Bali keeps Central Indonesian time: the profile's hours say WITA.
    expect(expected.length).toBeGreaterThan(0);
    const profile = (await call<{ schedule: { timeZone: string } }>('GET', `/v1/clinics/${expected[0]!.vendorId}`))
      .data;
    expect(profile.schedule.timeZone).toBe('Asia/Makassar');
    await page.getByTestId(`clinic-card-${expected[0]!.vendorId}`).getByRole('link').click();
    await expect(page.getByRole('heading', { name: 'Jam buka (WITA)' })).toBeVisible();
    await expect(page.getByText(/^\d{2}\.\d{2}–\d{2}\.\d{2}.* WITA$/).first()).toBeVisible();
    await page.screenshot({ path: '.screenshots/care-profile-wita-id-360.png' });
  });
});
