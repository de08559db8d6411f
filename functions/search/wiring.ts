import { once } from '#shared/lib/once.ts';
import { searchEngine } from './engine/select.ts';
import { searchService } from './search.ts';

/** The public search use cases on the configured engine, built at first use. (No table: see indexing.ts.) */
export const search = /* @__PURE__ */ once(() => searchEngine().then((engine) => searchService({ engine })));
