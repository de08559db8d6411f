/** How long a create route (booking, checkout) waits for its saga to open the payment page before answering without it. */
export const PAYMENT_PAGE_WAIT_MS = 4_000;
/**
 * How often it reads the record again meanwhile. The saga's payment step calls the provider, so the
 * page is rarely there before a few hundred ms in AWS (~110–340 ms on the local platform): reading
 * every 250 ms finds it about as soon as every 100 ms did, with one read in most calls instead of two
 * or three (each read is DynamoDB cost and ~10 ms of the handler's CPU: decision 0005).
 */
const POLL_MS = 250;

/**
 * The saga opens the payment page right after the create route's write: read the record again every
 * POLL_MS until it carries `payment`, for up to PAYMENT_PAGE_WAIT_MS, so the app can go straight to
 * paying; else the answer goes without it and the app finds it on the record's GET. Returns the last
 * record read (a read that finds nothing keeps the one before).
 */
export async function awaitPaymentPage<T extends { payment: unknown }>(
  created: T,
  readAgain: () => Promise<T | undefined>,
): Promise<T> {
  let current = created;
  const deadline = Date.now() + PAYMENT_PAGE_WAIT_MS;
  while (!current.payment && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    current = (await readAgain()) ?? current;
  }
  return current;
}
