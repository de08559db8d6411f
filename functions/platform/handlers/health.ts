import { httpRoute } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { readReadiness, type Readiness } from '../readiness.ts';

/**
 * Up and ready: 200 `ok`. Up but still filling (the local platform seeding its demo data on a first
 * start, a backfill): 503 `starting` with the step and a Retry-After. A dependency down: 503
 * `degraded`. Reading the readiness item also proves the table answers (and that this function's
 * role may read it).
 */
async function checkTable(): Promise<{ status: 'ok' | 'unavailable'; readiness?: Readiness }> {
  try {
    const readiness = await readReadiness();
    return { status: 'ok', ...(readiness ? { readiness } : {}) };
  } catch {
    return { status: 'unavailable' };
  }
}

export const handler = httpRoute(manifest.routes.health, async () => {
  const table = await checkTable();
  const checks = { table: table.status };
  const headers = { 'cache-control': 'no-store' };
  if (table.status !== 'ok') return { status: 503, body: { status: 'degraded', checks }, headers };
  if (table.readiness) {
    const { step, done, total, since } = table.readiness;
    return {
      status: 503,
      body: {
        status: 'starting',
        checks,
        starting: { step, ...(done !== undefined ? { done } : {}), ...(total !== undefined ? { total } : {}), since },
      },
      headers: { ...headers, 'retry-after': '5' },
    };
  }
  return { status: 200, body: { status: 'ok', checks }, headers };
});
