import { expect, test, type Page } from '@playwright/test';
import {
  bookThroughApi,
  cancelActiveBookings,
  clinicServiceNearKemang,
  escapeRegExp,
  newCustomer,
  signInInApp,
} from './support/kit';

/**
 * The web app with no network: after the customer has seen their pets and bookings, the service worker
 * (dist/sw.js, Workbox) opens the app again on a reload with the network gone, the session kept on the
 * device still signs them in, and the offline cache shows what they saw, marked "terakhir diperbarui".
 */

const OFFLINE_NOTE = /Anda sedang offline\. Terakhir diperbarui/;

const serviceWorkerControls = (page: Page) => page.evaluate(() => navigator.serviceWorker.controller !== null);

async function openTab(page: Page, tab: 'Hewan' | 'Janji', heading: string): Promise<void> {
  await page.getByRole('tab', { name: tab }).click();
  await expect(page.getByRole('heading', { name: heading })).toBeVisible();
}

test('after visiting, go offline, reload: bookings and pets still shown', async ({ page, context }) => {
  test.setTimeout(180_000);
  // Paid at the clinic: the booking is confirmed without a payment page.
  const service = await clinicServiceNearKemang(
    'cat service paid at the clinic',
    (s) => !s.prepay && s.species.includes('cat'),
  );
  const customer = await newCustomer({ tag: 'offline', pet: { name: 'Luna', species: 'cat' } });
  try {
    await bookThroughApi(customer, service, 3);
    const petRow = page.getByRole('button', { name: /^Luna Kucing/ });
    const bookingRow = page.getByRole('button', {
      name: new RegExp(`^${escapeRegExp(service.serviceName)} .+ ${escapeRegExp(service.clinicName)} Luna · `),
    });

    // Online: signed in, the pets and the bookings seen (and kept on the device).
    await signInInApp(page, customer);
    await openTab(page, 'Hewan', 'Hewan saya');
    await expect(petRow).toBeVisible();
    await openTab(page, 'Janji', 'Janji temu saya');
    await expect(bookingRow).toBeVisible();
    await expect(page.getByText(OFFLINE_NOTE)).toHaveCount(0);

    // The service worker installed (the app's files precached) and in control of the page.
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    if (!(await serviceWorkerControls(page))) {
      await page.reload();
      await expect(page.getByRole('button', { name: 'Keluar' })).toBeVisible();
    }
    await expect
      .poll(() => serviceWorkerControls(page), { message: 'the service worker controls the page' })
      .toBe(true);

    // No network, reload: the app opens from the service worker, still signed in.
    await context.setOffline(true);
    await page.reload();
    await expect(page.getByRole('button', { name: 'Keluar' })).toBeVisible();
    await expect(page.getByRole('tab', { name: 'Hewan' })).toBeVisible();

    await openTab(page, 'Hewan', 'Hewan saya');
    await expect(page.getByRole('alert').filter({ hasText: OFFLINE_NOTE })).toBeVisible();
    await expect(petRow).toBeVisible();
    await page.screenshot({ path: '.screenshots/offline-pets-id-360.png', fullPage: true });

    await openTab(page, 'Janji', 'Janji temu saya');
    await expect(page.getByRole('alert').filter({ hasText: OFFLINE_NOTE })).toBeVisible();
    await expect(bookingRow).toBeVisible();
    await page.screenshot({ path: '.screenshots/offline-bookings-id-360.png', fullPage: true });
  } finally {
    await context.setOffline(false);
    // Its slot free again for the next run on the same platform.
    await cancelActiveBookings(customer);
  }
});
