import { httpRoute, reply } from '#shared/http/route.ts';
import { productCategoryTree } from '#shared/lib/pet-care.ts';
import { manifest } from '../manifest.ts';

// Answered from the shared vocabulary: no engine, no table.
export const handler = httpRoute(manifest.routes.listCategories, async () =>
  reply.ok({ items: productCategoryTree() }),
);
