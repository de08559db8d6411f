import { httpRoute, reply } from '#shared/http/route.ts';
import { PRODUCT_CATEGORIES, PRODUCT_CATEGORY_LABELS } from '#shared/lib/pet-care.ts';
import { manifest } from '../manifest.ts';

// Answered from the shared vocabulary: no engine, no table.
export const handler = httpRoute(manifest.routes.listCategories, async () =>
  reply.ok({ items: PRODUCT_CATEGORIES.map((category) => ({ category, label: PRODUCT_CATEGORY_LABELS[category] })) }));
