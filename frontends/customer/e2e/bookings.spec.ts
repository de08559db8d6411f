import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import {
  bookThroughApi,
  call,
  cancelActiveBookings,
  clinicServiceNearKemang,
  escapeRegExp,
  expectFitsPhone,
  expectNoSeriousAxeViolations,
  newCustomer,
  signInInApp,
  type ClinicService,
  type Customer,
} from './support/kit';

/**
 * The bookings area against the real local platform: fresh customers (sign-up, the code from the dev
 * outbox, a cat added through the API), a prepaid clinic service found near Kemang, the payment
 * sandbox's page, and two customers racing for the last place of a slot.
 */

type Target = ClinicService;
type WithCat = Customer & { petId: string };

/** This run's customers: what they still hold is cancelled after each test, so the slots stay free for the next run. */
const created: Customer[] = [];

/** A new customer with a confirmed e-mail address, signed in through the API, with one cat. */
async function newCatOwner(tag: string): Promise<WithCat> {
  const customer = await newCustomer({ tag: `booking.${tag}`, pet: { name: 'Mochi', species: 'cat' } });
  created.push(customer);
  return customer;
}

/** A clinic near Kemang with a prepaid service for cats that takes one pet per slot. */
function prepaidCatService(): Promise<Target> {
  return clinicServiceNearKemang(
    'prepaid cat service with capacity 1',
    (s) => s.prepay && s.capacity === 1 && s.species.includes('cat'),
  );
}

/**
 * A booking at the clinic, cancelled at once: My bookings then lists it under Riwayat with "Pesan lagi
 * di klinik ini", the in-app way to the clinic's booking screen this test takes (the app has no URLs).
 */
async function seedEndedBooking(customer: WithCat, target: Target): Promise<void> {
  const bookingId = await bookThroughApi(customer, target, 10);
  const cancelled = await call('POST', `/v1/bookings/${bookingId}/cancel`, {
    token: customer.token,
    body: { reason: 'seed' },
  });
  expect(cancelled.status).toBe(200);
}

/** Signed in in the app, its tabs shown. */
async function signIn(page: Page, customer: Customer): Promise<void> {
  await signInInApp(page, customer);
  await expect(page.getByRole('tab', { name: 'Janji' })).toBeVisible();
}

/** My bookings → the seeded booking → "Pesan lagi di klinik ini": the clinic's booking screen. */
async function openBooking(page: Page, target: Target): Promise<void> {
  await page.getByRole('tab', { name: 'Janji' }).click();
  await expect(page.getByRole('heading', { name: 'Janji temu saya' })).toBeVisible();
  await page
    .getByRole('button', {
      name: new RegExp(`^${escapeRegExp(target.serviceName)} Dibatalkan ${escapeRegExp(target.clinicName)}`),
    })
    .first()
    .click();
  await page.getByRole('button', { name: 'Pesan lagi di klinik ini' }).click();
  await expect(page.getByRole('heading', { name: 'Buat janji temu' })).toBeVisible();
  await expect(page.getByRole('radiogroup', { name: 'Pilih tanggal' })).toBeVisible();
  // The days are named by whether they have room only once the slots are in: the chosen day's times, or its closing.
  await expect(
    page.getByRole('radiogroup', { name: 'Pilih waktu' }).or(page.getByText('Klinik tidak buka pada hari ini.')),
  ).toBeVisible();
}

const days = (page: Page) => page.getByRole('radiogroup', { name: 'Pilih tanggal' }).getByRole('radio');
/** Times of the chosen day whose accessible name matches a CSS attribute condition, e.g. `$="sudah lewat"`. */
const times = (page: Page, name: string) =>
  page.getByRole('radiogroup', { name: 'Pilih waktu' }).locator(`[role="radio"][aria-label${name}]`);

/** The first day from `fromIndex` on that has a bookable time; chooses it and answers its index. */
async function chooseOpenDay(page: Page, fromIndex: number): Promise<number> {
  const count = await days(page).count();
  for (let i = fromIndex; i < count; i += 1) {
    const name = (await days(page).nth(i).getAttribute('aria-label')) ?? '';
    if (!name.includes('tidak ada waktu tersedia')) {
      await days(page).nth(i).click();
      await expect(days(page).nth(i)).toHaveAttribute('aria-checked', 'true');
      return i;
    }
  }
  throw new Error(`no day with a free time from day ${fromIndex}`);
}

/** Chooses the first time that can be booked; answers its accessible name. */
async function chooseFirstFreeTime(page: Page): Promise<string> {
  const free = times(page, '*=", sisa "').first();
  const name = (await free.getAttribute('aria-label')) ?? '';
  await free.click();
  await expect(free).toHaveAttribute('aria-checked', 'true');
  return name;
}

/** Whether today (in the clinic's zone) had a time before now: then the picker shows it crossed out. */
function todayHasPastTimes(target: Target, now = new Date()): boolean {
  const offset = { 'Asia/Jakarta': 7, 'Asia/Makassar': 8, 'Asia/Jayapura': 9 }[target.schedule.timeZone] ?? 7;
  const local = new Date(now.getTime() + offset * 3_600_000);
  const date = local.toISOString().slice(0, 10);
  const exception = target.schedule.exceptions.find((e) => e.date === date);
  if (exception?.closed) return false;
  const weekday = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][local.getUTCDay()]!;
  const minutesNow = local.getUTCHours() * 60 + local.getUTCMinutes();
  return (target.schedule.weekly[weekday] ?? []).some((range) => {
    const [h, m] = range.open.split(':').map(Number);
    const [ch, cm] = range.close.split(':').map(Number);
    const open = h! * 60 + m!;
    return open + target.durationMin <= ch! * 60 + cm! && open < minutesNow;
  });
}

test.afterEach(async () => {
  for (const customer of created.splice(0)) await cancelActiveBookings(customer);
});

let target: Target;
test.beforeAll(async () => {
  target = await prepaidCatService();
});

test('book a prepaid slot, pay in the sandbox, see it confirmed, move it, add it to the calendar, cancel it with its refund, read it offline', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  const customer = await newCatOwner('main');
  await seedEndedBooking(customer, target);
  await signIn(page, customer);
  await openBooking(page, target);

  // The service came preselected, the one cat too; today's times already gone are crossed out and disabled.
  await expect(page.getByRole('radio', { name: new RegExp(`^${target.serviceName},`) })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  await expect(page.getByRole('radio', { name: /^Mochi/ })).toHaveAttribute('aria-checked', 'true');
  await days(page).first().click();
  await expect(days(page).first()).toHaveAttribute('aria-checked', 'true');
  const past = times(page, '$="sudah lewat"');
  if (todayHasPastTimes(target)) expect(await past.count()).toBeGreaterThan(0);
  for (const slot of await past.all()) {
    await expect(slot).toBeDisabled();
    const struck = await slot.evaluate((element) =>
      Array.from(element.querySelectorAll('*')).some((node) =>
        getComputedStyle(node).textDecorationLine.includes('line-through'),
      ),
    );
    expect(struck, 'a past time is struck through').toBe(true);
  }

  // A day at least two days ahead (beyond the clinic's 24-hour cancellation cutoff), its first free time.
  await chooseOpenDay(page, 2);
  const chosen = await chooseFirstFreeTime(page);
  await expect(page.getByText('Rp' + target.price.toLocaleString('id-ID'), { exact: true }).last()).toBeVisible();
  await expectFitsPhone(page);
  await expectNoSeriousAxeViolations(page);
  await page.screenshot({ path: '.screenshots/bookings-book.png', fullPage: true });

  await page.getByRole('button', { name: 'Pesan dan bayar' }).click();
  await expect(page.getByRole('heading', { name: 'Janji temu' })).toBeVisible();
  await expect(page.getByText('Menunggu pembayaran', { exact: true })).toBeVisible();
  await expect(page.getByText(chosen.split(',')[0]!, { exact: false })).toBeVisible();

  // Pay on the sandbox's page (a new tab); the booking follows by itself.
  const payButton = page.getByRole('button', { name: /^Bayar sekarang/ });
  await expect(payButton).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.screenshot({ path: '.screenshots/bookings-detail-awaiting.png', fullPage: true });
  const [sandbox] = await Promise.all([context.waitForEvent('page'), payButton.click()]);
  await sandbox.waitForLoadState();
  expect(sandbox.url()).toContain('/sandbox/pay/');
  await sandbox.getByRole('button', { name: /^Bayar/ }).click();
  await expect(sandbox.getByText('Pembayaran ini sudah selesai.', { exact: false })).toBeVisible();
  await sandbox.close();
  await expect(page.getByText('Pembayaran diterima. Janji temu Anda terkonfirmasi!')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Terkonfirmasi', { exact: true })).toBeVisible();
  await expectNoSeriousAxeViolations(page);
  await page.screenshot({ path: '.screenshots/bookings-detail.png', fullPage: true });

  // The calendar file downloads.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Tambahkan ke kalender' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^petpro-.+\.ics$/);
  // What was downloaded, read back in the page (the test's own tsconfig has no Node types).
  const icsText = await page.evaluate(async (url) => (await fetch(url)).text(), download.url());
  expect(icsText).toContain('BEGIN:VCALENDAR');

  // Move it to another time of the same day: the current one is marked, not offered.
  await page.getByRole('button', { name: 'Ubah jadwal' }).click();
  await expect(page.getByRole('heading', { name: 'Ubah jadwal' })).toBeVisible();
  await expect(times(page, '$="jadwal saat ini"')).toBeDisabled();
  const moved = await chooseFirstFreeTime(page);
  await page.getByRole('button', { name: 'Pindahkan ke waktu ini' }).click();
  await expect(page.getByRole('heading', { name: 'Janji temu' })).toBeVisible();
  await expect(page.getByText(moved.split(',')[0]!, { exact: false })).toBeVisible();

  // Cancel: the refund is shown before confirming, and after.
  await page.getByRole('button', { name: 'Batalkan janji temu' }).click();
  const refund = `Rp${target.price.toLocaleString('id-ID')}`;
  await expect(page.getByText(`Dana kembali penuh: ${refund}.`)).toBeVisible();
  await page.getByRole('button', { name: 'Ya, batalkan' }).click();
  await expect(page.getByText('Tuliskan alasan pembatalan.')).toBeVisible();
  await page.getByLabel('Alasan pembatalan').fill('Jadwal bentrok dengan pekerjaan');
  await page.getByRole('button', { name: 'Ya, batalkan' }).click();
  await expect(page.getByText(`Dibatalkan. Dana ${refund} dikembalikan ke pembayaran Anda.`)).toBeVisible();

  // My bookings: both in Riwayat; then offline, moving around in the app, still readable.
  await page.getByRole('tab', { name: 'Janji' }).click();
  await expect(page.getByRole('heading', { name: 'Janji temu saya' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Riwayat' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^\S.* Dibatalkan / })).toHaveCount(2);
  await expectFitsPhone(page);
  await expectNoSeriousAxeViolations(page);
  await page.screenshot({ path: '.screenshots/bookings-list.png', fullPage: true });

  await context.setOffline(true);
  await page.getByRole('tab', { name: 'Cari' }).click();
  await page.getByRole('tab', { name: 'Janji' }).click();
  await expect(page.getByText(/terakhir diperbarui/i)).toBeVisible();
  await expect(page.getByRole('button', { name: /^\S.* Dibatalkan / })).toHaveCount(2);
  await page
    .getByRole('button', { name: /^\S.* Dibatalkan / })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: 'Janji temu' })).toBeVisible();
  await expect(page.getByText(/terakhir diperbarui/i)).toBeVisible();
  await expect(page.getByText('Dibatalkan', { exact: true })).toBeVisible();
  await page.screenshot({ path: '.screenshots/bookings-detail-offline.png', fullPage: true });
  await context.setOffline(false);
});

test('two customers race for the last place of a slot: one books it, the other is told in Bahasa Indonesia and sees it full', async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const [first, second] = await Promise.all([newCatOwner('race1'), newCatOwner('race2')]);
  // One after the other: both would take the same free slot at once.
  for (const customer of [first, second]) await seedEndedBooking(customer, target);
  const contexts: BrowserContext[] = [];
  try {
    const pages = await Promise.all(
      [first, second].map(async (customer, index) => {
        // The second phone keeps Makassar time (WITA): the clinic's times are then named WIB.
        const context = await browser.newContext(index === 1 ? { timezoneId: 'Asia/Makassar' } : {});
        contexts.push(context);
        const page = await context.newPage();
        await signIn(page, customer);
        await openBooking(page, target);
        return page;
      }),
    );
    // The same day and the same time in both (capacity 1: the last place).
    const dayIndex = await chooseOpenDay(pages[0]!, 4);
    const time = await chooseFirstFreeTime(pages[0]!);
    await days(pages[1]!).nth(dayIndex).click();
    await expect(pages[1]!.getByText('Waktu mengikuti zona waktu klinik (WIB).')).toBeVisible();
    const [timeText, places] = time.split(', ') as [string, string];
    const sameTime = pages[1]!.getByRole('radio', { name: `${timeText} WIB, ${places}`, exact: true });
    await sameTime.click();
    await expect(sameTime).toHaveAttribute('aria-checked', 'true');

    await Promise.all(pages.map((page) => page.getByRole('button', { name: 'Pesan dan bayar' }).click()));

    const gone = 'Maaf, slot waktu ini baru saja terisi. Silakan pilih waktu lain.';
    const outcomes = await Promise.all(
      pages.map(async (page) => {
        const won = page.getByText('Menunggu pembayaran', { exact: true });
        const lost = page.getByText(gone);
        await expect(won.or(lost)).toBeVisible();
        return (await lost.isVisible()) ? 'lost' : 'won';
      }),
    );
    expect([...outcomes].sort()).toEqual(['lost', 'won']);
    const loser = pages[outcomes.indexOf('lost')]!;
    // The slots were read again: the time is now full, crossed out, and cannot be chosen.
    const full = loser.getByRole('radio', { name: new RegExp(`^${timeText}( WIB)?, penuh$`) });
    await expect(full).toBeDisabled();
    await expect(loser.getByText('Daftar waktu sudah diperbarui. Pilih waktu lain.')).toBeVisible();
    // Told where the times are, not below the fold.
    await expect(loser.getByText(gone)).toBeInViewport();
    await loser.screenshot({ path: '.screenshots/bookings-race-lost.png', fullPage: true });
  } finally {
    for (const context of contexts) await context.close();
  }
});
