import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { shipping } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.rates, async (request) => {
  const rates = await shipping().rates(request.auth, request.body);
  return reply.ok({
    items: rates.map(({ price, ...rate }) => ({ ...rate, price: { amount: price, currency: 'IDR' } })),
  });
});
