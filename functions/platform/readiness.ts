import { defineEntity } from '#shared/table/entity.ts';

/**
 * Whether the platform is ready for clients, kept in the table's `HEALTH` item: absent means ready.
 * Whatever fills the platform before it is ready — the local platform's demo data on a first
 * start, a backfill after a migration — writes its progress here, and `GET /v1/health` reports it
 * (503 `starting` with the step, instead of 200 `ok`), so a client can tell "up but still
 * filling" from "ready". The health function only reads it.
 */
export interface Readiness {
  /** What is being done, e.g. "demo vendors". */
  step: string;
  /** Items done and expected in this step, when it counts any. */
  done?: number;
  total?: number;
  /** When the filling began (ISO 8601). */
  since: string;
  updatedAt: string;
}

const readiness = defineEntity<Readiness, Record<string, never>>({
  type: 'readiness',
  version: 1,
  key: () => ({ pk: 'HEALTH', sk: 'HEALTH' }),
});

/** Throws when the table does not answer (the health check's own probe). */
export async function readReadiness(): Promise<Readiness | undefined> {
  return readiness.get({});
}

export async function markStarting(state: Omit<Readiness, 'updatedAt'>): Promise<void> {
  await readiness.put({}, { ...state, updatedAt: new Date().toISOString() });
}

export async function markReady(): Promise<void> {
  await readiness.delete({}, { mustExist: false });
}
