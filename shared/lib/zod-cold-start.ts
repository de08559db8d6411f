import * as z from 'zod';

/**
 * zod compiles a fast parser (`new Function`) for an object schema on its first parse. A Lambda's
 * first call parses a few schemas once each, so compiling costs more than it saves: parsing
 * without it cut the slowest handlers' init + first call by 2–6 % of the floor, while a warm
 * request's own time stayed within noise (decision 0005). Imported for its effect by the modules
 * every handler loads (the route blocks and the event catalog), before any parse.
 */
z.config({ jitless: true });
