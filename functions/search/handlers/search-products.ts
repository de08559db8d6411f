import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { search } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.searchProducts, async ({ query }) => {
  const { q, category, subcategory, minPrice, maxPrice, vendorId, inStock, cursor, sort, limit } = query;
  return reply.ok(
    await (
      await search()
    ).searchProducts({
      ...(q ? { q } : {}),
      ...(category ? { category } : {}),
      ...(subcategory ? { subcategory } : {}),
      ...(minPrice !== undefined ? { minPrice } : {}),
      ...(maxPrice !== undefined ? { maxPrice } : {}),
      ...(vendorId ? { vendorId } : {}),
      ...(inStock !== undefined ? { inStock } : {}),
      ...(cursor ? { cursor } : {}),
      sort,
      limit,
    }),
  );
});
