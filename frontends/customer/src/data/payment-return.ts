import type { ApiClient } from '@petpro/api-client';
import type { Route } from '../navigation';

/**
 * The payment page sends the customer back to the app's `/payments/{paymentId}` (the web build's path;
 * `petpro://payments/{paymentId}` on a phone): the id, if this URL is one of those.
 */
export function paymentIdFromUrl(url: string | null | undefined): string | undefined {
  const match = url ? /(?:^|\/)payments\/([A-Za-z0-9_-]+)(?:[/?#]|$)/.exec(url) : null;
  return match?.[1];
}

/** Where the customer continues after paying: the booking, or the checkout's payment (its orders). */
export async function routeAfterPayment(api: ApiClient, paymentId: string): Promise<Route | undefined> {
  const payment = await api.unwrap(api.GET('/v1/payments/{paymentId}', { params: { path: { paymentId } } }));
  // The payment's reference names what it pays: `booking:<bookingId>` or `order:<checkoutId>`.
  const [kind, id] = payment.reference.split(':');
  if (!id) return undefined;
  if (kind === 'booking') return { area: 'bookings', screen: 'detail', bookingId: id };
  if (kind === 'order') return { area: 'shop', screen: 'payment', checkoutId: id };
  return undefined;
}
