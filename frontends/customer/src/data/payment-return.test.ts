import { createApiClient, memorySessionStorage } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { paymentIdFromUrl, routeAfterPayment } from './payment-return';

describe('the way back from the payment page', () => {
  it('finds the payment id in the web path and in the app scheme, and nothing elsewhere', () => {
    expect(paymentIdFromUrl('http://localhost:5173/payments/01PAY?result=success')).toBe('01PAY');
    expect(paymentIdFromUrl('petpro://payments/01PAY')).toBe('01PAY');
    expect(paymentIdFromUrl('http://localhost:5173/')).toBeUndefined();
    expect(paymentIdFromUrl('http://localhost:5173/paymentsx/01PAY')).toBeUndefined();
    expect(paymentIdFromUrl(null)).toBeUndefined();
  });

  it("opens the booking a booking's payment paid, and the checkout's payment of an order payment", async () => {
    const answers: Record<string, string> = { PB: 'booking:BK1', PO: 'order:CO1', PX: 'something' };
    const api = createApiClient({
      baseUrl: 'http://api.test',
      storage: memorySessionStorage({ accessToken: 'a', expiresAt: Date.now() + 3_600_000 }),
      fetch: async (request) => {
        const paymentId = new URL(request.url).pathname.split('/').pop()!;
        return Response.json({ paymentId, reference: answers[paymentId] });
      },
    });
    expect(await routeAfterPayment(api, 'PB')).toEqual({ area: 'bookings', screen: 'detail', bookingId: 'BK1' });
    expect(await routeAfterPayment(api, 'PO')).toEqual({ area: 'shop', screen: 'payment', checkoutId: 'CO1' });
    expect(await routeAfterPayment(api, 'PX')).toBeUndefined();
  });
});
