import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { courierRates } from '../carrier-wiring.ts';

export const handler = httpRoute(manifest.routes.rates, async (request) => {
  const rates = await courierRates().rates(request.auth, request.body);
  return reply.ok({
    items: rates.map(({ price, ...rate }) => ({ ...rate, price: { amount: price, currency: 'IDR' } })),
  });
});
