import { expect, test, type Page } from '@playwright/test';
import {
  apiSignIn,
  call,
  escapeRegExp,
  eventually,
  expectAccessible,
  newCustomer,
  signInInApp,
  type Customer,
} from './support/kit';

/**
 * The shop against the real platform: a fresh customer searches, adds products of two shops to one
 * cart, picks a courier per shop, pays in the payment sandbox and finds both orders (one shipped and
 * tracked, one cancelled); another customer sees none of them. Then a cart whose product changed
 * price and stock under it. Unique users per run, so a re-run passes on the same platform.
 */

const AGUS = { username: 'agus.petshop@example.id', password: 'AgusPetPro2026' };
const AGUS_SHOP = 'Sahabat Anabul Petshop';

/** A shop customer: signed up and in through the API, with a delivery address near Kemang when asked. */
function newShopper(name: string, withAddress: boolean): Promise<Customer> {
  return newCustomer({ tag: 'shop', name, addressNearKemang: withAddress });
}

interface Listed {
  productId: string;
  vendorId: string;
  vendorName: string;
  name: string;
  available?: number;
  inStock: boolean;
}

/** Agus's pet shop (a demo account: /dev/accounts). */
async function agusShopId(): Promise<string> {
  const accounts = await call<{ username: string; vendorIds: string[] }[]>('GET', '/dev/accounts');
  const agus = accounts.data.find((account) => account.username === AGUS.username);
  expect(agus?.vendorIds[0], 'the demo shop admin').toBeDefined();
  return agus!.vendorIds[0]!;
}

/** In-stock products with plenty left (re-runs take stock from the same demo shops). */
async function wellStocked(query: string): Promise<Listed[]> {
  const found = await call<{ items: Listed[] }>('GET', `/v1/products?${query}&inStock=true&limit=50`);
  return found.data.items.filter((item) => (item.available ?? 0) >= 5).sort((a, b) => b.available! - a.available!);
}

/** No serious axe violations, nothing wider than the phone; then a picture of it from its top. */
async function checkScreen(page: Page, screen: string) {
  await expectAccessible(page, screen);
  // The screens scroll inside the app's frame: show each from its top.
  await page.evaluate(() => {
    document.querySelectorAll('*').forEach((element) => {
      if (element.scrollTop > 0) element.scrollTop = 0;
    });
  });
  await page.screenshot({ path: `.screenshots/shop-${screen}.png` });
}

/** A second look further down a screen (its summary, its tracking). */
async function screenshotAt(page: Page, name: string, text: string) {
  await page.getByText(text).first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: `.screenshots/shop-${name}.png` });
}

async function openShop(page: Page) {
  await page.getByRole('tab', { name: 'Belanja' }).click();
  await expect(page.getByRole('heading', { name: 'Belanja' })).toBeVisible();
}

async function searchFor(page: Page, text: string) {
  // Exact: the progress bar while it searches is named "Mencari produk…".
  await page.getByRole('searchbox', { name: 'Cari produk', exact: true }).fill(text);
  await page.getByRole('button', { name: 'Cari', exact: true }).click();
}

async function addFromSearch(page: Page, product: Listed, quantity: number) {
  await searchFor(page, product.name);
  await page
    .getByRole('link', { name: `${product.name} ${product.vendorName} Rp` })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: product.name })).toBeVisible();
  await expect(page.getByText(`Dijual oleh ${product.vendorName}`)).toBeVisible();
  for (let more = 1; more < quantity; more += 1) await page.getByRole('button', { name: 'Tambah jumlah' }).click();
  await page.getByRole('button', { name: 'Tambah ke keranjang' }).click();
  await expect(page.getByText(/Ditambahkan\. Keranjang berisi \d+ produk ini\./)).toBeVisible();
}

test('a customer buys from two shops in one cart, pays in the sandbox and follows both orders', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const customer = await newShopper('Rina Belanja', true);
  const agusShop = await agusShopId();
  const fromAgus = (await wellStocked(`vendorId=${agusShop}`))[0];
  expect(fromAgus, `a product of ${AGUS_SHOP} in stock`).toBeDefined();
  const other = (await wellStocked('category=food')).find(
    (item) => item.vendorId !== agusShop && item.name !== fromAgus!.name,
  );
  expect(other, 'a product of another shop in stock').toBeDefined();

  // The catalogue is open without signing in.
  await page.goto('/');
  await page.getByRole('link', { name: /tanpa masuk/i }).click();
  await openShop(page);
  await searchFor(page, fromAgus!.name);
  await expect(page.getByRole('link', { name: `${fromAgus!.name} ${AGUS_SHOP} Rp` }).first()).toBeVisible();
  await checkScreen(page, 'search');
  await page.getByRole('button', { name: 'Tampilkan filter' }).click();
  await expect(page.getByRole('radio', { name: 'Semua kategori' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Hanya yang tersedia' })).toBeVisible();
  await checkScreen(page, 'search-filters');
  // In stock only, within a price range: the API's filters, and the product still matches.
  await page.getByRole('checkbox', { name: 'Hanya yang tersedia' }).click();
  await expect(page.getByRole('checkbox', { name: 'Hanya yang tersedia' })).toBeChecked();
  await page.getByLabel('Harga minimum').fill('1.000');
  await page.getByLabel('Harga maksimum').fill('5000000');
  await page.getByRole('button', { name: 'Terapkan harga' }).click();
  await expect(page.getByRole('button', { name: 'Sembunyikan filter (2)' })).toBeVisible();
  await expect(page.getByText(/\d+ produk ditampilkan/)).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  await expect(page.getByRole('link', { name: `${fromAgus!.name} ${AGUS_SHOP} Rp` }).first()).toBeVisible();
  await page.getByRole('button', { name: 'Sembunyikan filter' }).click();

  // Adding to the cart asks for sign-in, then comes back to the product.
  await page
    .getByRole('link', { name: `${fromAgus!.name} ${AGUS_SHOP} Rp` })
    .first()
    .click();
  await page.getByRole('button', { name: 'Masuk untuk menambah ke keranjang' }).click();
  await signInInApp(page, customer, { goto: false });
  await expect(page.getByRole('heading', { name: fromAgus!.name })).toBeVisible();
  await page.getByRole('button', { name: 'Tambah ke keranjang' }).click();
  await expect(page.getByText('Ditambahkan. Keranjang berisi 1 produk ini.')).toBeVisible();
  await checkScreen(page, 'product');

  await page.getByRole('button', { name: 'Kembali' }).click();
  await openShop(page);
  await addFromSearch(page, other!, 1);

  // One cart, grouped by shop.
  await page.getByRole('link', { name: 'Lihat keranjang' }).click();
  await expect(page.getByRole('heading', { name: 'Keranjang' })).toBeVisible();
  await expect(page.getByRole('heading', { name: AGUS_SHOP })).toBeVisible();
  await expect(page.getByRole('heading', { name: other!.vendorName })).toBeVisible();
  await expect(page.getByText('2 toko')).toBeVisible();
  await checkScreen(page, 'cart');

  // Checkout: the address, a courier per shop, the quote, then pay.
  await page.getByRole('button', { name: 'Lanjut ke checkout' }).click();
  await expect(page.getByRole('heading', { name: 'Checkout' })).toBeVisible();
  await expect(page.getByRole('radio', { name: /^Rumah: Rina Belanja, Jl\. Kemang Raya No\. 8/ })).toBeChecked();
  for (const shop of [AGUS_SHOP, other!.vendorName]) {
    const couriers = page.getByRole('radiogroup', { name: `Kurir dari ${shop}` });
    await expect(couriers.getByRole('radio').first()).toBeVisible();
    await couriers.getByRole('radio').first().click();
    await expect(couriers.getByRole('radio').first()).toBeChecked();
  }
  await expect(page.getByText('Total bayar')).toBeVisible();
  await expect(page.getByText('Ongkos kirim')).toHaveCount(2);
  await checkScreen(page, 'checkout');
  await screenshotAt(page, 'checkout-summary', 'Total bayar');
  await page.getByRole('button', { name: /^Bayar Rp/ }).click();

  // The payment page opens in a window of its own; the app polls until the checkout is paid.
  await expect(page.getByRole('heading', { name: 'Pembayaran' })).toBeVisible();
  await expect(page.getByText('2 pesanan')).toBeVisible();
  await checkScreen(page, 'payment');
  const popup = page.waitForEvent('popup');
  await page.getByRole('button', { name: 'Buka halaman pembayaran' }).click();
  const sandbox = await popup;
  await sandbox.getByRole('button', { name: /^Bayar/ }).click();
  await expect(sandbox.getByText('settlement')).toBeVisible();
  await sandbox.close();
  await expect(page.getByText('Pembayaran berhasil. Pesanan Anda diteruskan ke toko.')).toBeVisible({
    timeout: 30_000,
  });
  await page.getByRole('button', { name: 'Lihat pesanan saya' }).click();

  // Both orders, one per shop, paid.
  await expect(page.getByRole('heading', { name: 'Pesanan saya' })).toBeVisible();
  const agusRow = page.getByRole('link', { name: new RegExp(`^${escapeRegExp(AGUS_SHOP)} Rp[\\d.]+ Dibayar`) });
  const otherRow = page.getByRole('link', {
    name: new RegExp(`^${escapeRegExp(other!.vendorName)} Rp[\\d.]+ Dibayar`),
  });
  await expect(agusRow).toBeVisible();
  await expect(otherRow).toBeVisible();
  await checkScreen(page, 'orders');

  // The shop asks for the courier and the parcel is picked up: the order shows its tracking.
  const mine = await call<{ items: { orderId: string; vendorName: string }[] }>('GET', '/v1/me/orders', {
    token: customer.token,
  });
  const orderIds = mine.data.items.map((order) => order.orderId);
  expect(orderIds).toHaveLength(2);
  const agusOrder = mine.data.items.find((order) => order.vendorName === AGUS_SHOP)!;
  const agus = await apiSignIn(AGUS.username, AGUS.password);
  expect((await call('POST', `/v1/orders/${agusOrder.orderId}/ship`, { token: agus })).status).toBe(202);
  const waybill = await eventually('the waybill', async () => {
    const tracking = await call<{ shipment: { trackingNumber: string | null } | null }>(
      'GET',
      `/v1/orders/${agusOrder.orderId}/tracking`,
      { token: customer.token },
    );
    return tracking.data.shipment?.trackingNumber ?? undefined;
  });
  expect((await call('POST', `/dev/shipping/${waybill}/advance`)).status).toBe(200);
  await eventually('the pick-up', async () => {
    const order = await call<{ status: string }>('GET', `/v1/orders/${agusOrder.orderId}`, { token: customer.token });
    return order.data.status === 'shipped' ? true : undefined;
  });
  await page.getByRole('button', { name: 'Muat ulang' }).click();
  await page.getByRole('link', { name: new RegExp(`^${escapeRegExp(AGUS_SHOP)} Rp[\\d.]+ Dalam pengiriman`) }).click();
  await expect(page.getByRole('heading', { name: 'Detail pesanan' })).toBeVisible();
  await expect(page.getByText(`No. resi: ${waybill}`)).toBeVisible();
  await expect(page.getByText('Status: Dalam pengiriman')).toBeVisible();
  await expect(page.getByText('Paket diambil kurir').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Batalkan pesanan' })).toHaveCount(0);
  await checkScreen(page, 'order');
  await screenshotAt(page, 'order-tracking', 'Pelacakan pengiriman');

  // The other shop has not asked for a courier: the customer may still cancel it.
  await page.getByRole('button', { name: 'Kembali' }).click();
  await otherRow.click();
  await expect(page.getByText('Toko belum meminta kurir.', { exact: false })).toBeVisible();
  await page.getByRole('button', { name: 'Batalkan pesanan' }).click();
  await page.getByRole('button', { name: 'Ya, batalkan' }).click();
  await expect(page.getByText('Pesanan dibatalkan. Dana akan dikembalikan.')).toBeVisible();
  await expect(page.getByText('Status: Dibatalkan')).toBeVisible();
  await screenshotAt(page, 'order-cancelled', 'Status: Dibatalkan');

  // Another customer, in a browser of their own, sees none of these orders.
  const stranger = await newShopper('Joko Lain', false);
  for (const orderId of orderIds)
    expect((await call('GET', `/v1/orders/${orderId}`, { token: stranger.token })).status).toBe(404);
  const context = await browser.newContext();
  const other2 = await context.newPage();
  await signInInApp(other2, stranger);
  await openShop(other2);
  await other2.getByRole('link', { name: 'Pesanan saya' }).click();
  await expect(other2.getByText('Belum ada pesanan.')).toBeVisible();
  await expect(other2.getByRole('link', { name: new RegExp(escapeRegExp(AGUS_SHOP)) })).toHaveCount(0);
  await context.close();
});

test('the cart says clearly when a product’s price and stock changed, and checkout waits until it is fixed', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const customer = await newShopper('Sari Keranjang', true);
  const agus = await apiSignIn(AGUS.username, AGUS.password);
  const shop = await agusShopId();
  const run = Date.now().toString(36);
  const created = await call<{ productId: string; version: number }>('POST', `/v1/vendors/${shop}/products`, {
    token: agus,
    headers: { 'Idempotency-Key': crypto.randomUUID() },
    body: {
      name: `Camilan Uji Harga ${run}`,
      description: { id: 'Produk uji coba otomatis.', en: 'An automated test product.' },
      category: 'treats',
      subcategory: 'cat_treats',
      price: { amount: 20_000, currency: 'IDR' },
      weightGrams: 200,
      sku: `E2E-${run}`,
      initialStock: 5,
    },
  });
  expect(created.status).toBe(201);
  const { productId } = created.data;
  try {
    // The orders domain hears of the new product by event: add it once it can.
    await eventually('the product in the cart', async () => {
      const put = await call('PUT', `/v1/me/cart/items/${productId}`, { token: customer.token, body: { quantity: 3 } });
      return put.status === 200 ? true : undefined;
    });
    const current = await call<{ version: number }>('GET', `/v1/vendors/${shop}/products/${productId}`, {
      token: agus,
    });
    const patched = await call('PATCH', `/v1/vendors/${shop}/products/${productId}`, {
      token: agus,
      headers: { 'If-Match': String(current.data.version) },
      body: { price: { amount: 25_000, currency: 'IDR' } },
    });
    expect(patched.status).toBe(200);
    const adjusted = await call('POST', `/v1/vendors/${shop}/products/${productId}/stock`, {
      token: agus,
      body: { delta: -4, reason: 'Uji otomatis: stok rusak' },
    });
    expect(adjusted.status).toBe(200);
    await eventually('both warnings', async () => {
      const cart = await call<{ warnings: { problem: string }[] }>('GET', '/v1/me/cart', { token: customer.token });
      return cart.data.warnings.length === 2 ? true : undefined;
    });

    await signInInApp(page, customer);
    await openShop(page);
    await page.getByRole('link', { name: 'Keranjang' }).click();
    await expect(page.getByText('Harga berubah dari Rp20.000 menjadi Rp25.000.')).toBeVisible();
    await expect(page.getByText('Stok tinggal 1. Kurangi jumlahnya.')).toBeVisible();
    await expect(page.getByText('Perbaiki produk yang ditandai sebelum checkout.')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Lanjut ke checkout' })).toBeDisabled();
    await checkScreen(page, 'cart-warnings');
    await page.getByRole('radio', { name: 'English' }).click();
    await expect(page.getByText('The price changed from Rp20.000 to Rp25.000.')).toBeVisible();
    await expect(page.getByText('Only 1 left. Lower the quantity.')).toBeVisible();
    await page.getByRole('radio', { name: 'Bahasa Indonesia' }).click();

    // Lowering the quantity to what is left also records today's price as seen: both warnings go.
    await page.getByRole('button', { name: `Ubah jadi 1: jumlah Camilan Uji Harga ${run}` }).click();
    await expect(page.getByText('Stok tinggal 1. Kurangi jumlahnya.')).toHaveCount(0);
    await expect(page.getByText('Harga berubah dari Rp20.000 menjadi Rp25.000.')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Lanjut ke checkout' })).toBeEnabled();
  } finally {
    // The test product leaves the shop's catalogue.
    const current = await call<{ version: number }>('GET', `/v1/vendors/${shop}/products/${productId}`, {
      token: agus,
    });
    await call('PATCH', `/v1/vendors/${shop}/products/${productId}`, {
      token: agus,
      headers: { 'If-Match': String(current.data.version) },
      body: { active: false },
    });
  }
});
