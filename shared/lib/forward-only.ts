/**
 * A status machine that only moves forward, for statuses an outside party reports late, twice or out
 * of order (payment providers' webhooks, carriers' tracking). The domain gives its single steps; an
 * update applies if its status is reachable from the current one (the steps' transitive closure, so a
 * late update may jump several steps), and a duplicate or stale one changes nothing.
 */
export interface ForwardOnly<S extends string> {
  /** Whether `to` is strictly ahead of `from`; the same status → false. */
  isForward(from: S, to: S): boolean;
  /** A status with no step out of it. */
  isFinal(status: S): boolean;
  /** Folds updates in arrival order, applying only forward ones; duplicates and stale ones change nothing. */
  applyUpdates(start: S, updates: readonly S[]): { final: S; transitions: [S, S][] };
}

/** The machine of `steps`: each status's single next steps (a final status has none). */
export function forwardOnly<S extends string>(steps: Readonly<Record<S, readonly S[]>>): ForwardOnly<S> {
  const reachable = (from: S): ReadonlySet<S> => {
    const seen = new Set<S>();
    const queue = [...steps[from]];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...steps[next]);
    }
    return seen;
  };
  const ahead = new Map<S, ReadonlySet<S>>((Object.keys(steps) as S[]).map((status) => [status, reachable(status)]));
  const isForward = (from: S, to: S): boolean => ahead.get(from)?.has(to) ?? false;
  return {
    isForward,
    isFinal: (status) => steps[status].length === 0,
    applyUpdates(start, updates) {
      let current = start;
      const transitions: [S, S][] = [];
      for (const update of updates) {
        if (!isForward(current, update)) continue;
        transitions.push([current, update]);
        current = update;
      }
      return { final: current, transitions };
    },
  };
}
