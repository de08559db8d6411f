import { once } from './once.ts';

/**
 * A schema built on first use, then kept. Every handler imports whole catalogs of schemas (all
 * events, a domain's routes) but uses a few; zod builds each schema with dozens of bound methods,
 * so building them all at import was the largest share of a handler's init (decision 0005).
 */
export const lazySchema = once;
