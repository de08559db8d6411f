import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The manifest's `emits`, enforced. Whoever runs a handler for a manifest entry (the local platform's
 * `invoke`, which tests use too) runs it inside `withDeclaredEmits`; `domainEvent()` then calls
 * `checkEmit`, which refuses an event type the entry does not declare: it throws outside production
 * (and records it, so the platform's stop() fails the suite), and only logs in production.
 * Outside a scope (domain unit tests, seeding, Lambda today) it does nothing.
 */
interface EmitScope {
  entry: string;
  emits: ReadonlySet<string>;
}

const scopes = new AsyncLocalStorage<EmitScope>();
const undeclared: string[] = [];

export class UndeclaredEmitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndeclaredEmitError';
  }
}

/** Runs a handler for a manifest entry (`<domain>.<kind>.<name>`) that may emit only `emits`. */
export function withDeclaredEmits<R>(entry: string, emits: readonly string[], run: () => R): R {
  return scopes.run({ entry, emits: new Set(emits) }, run);
}

export function checkEmit(type: string): void {
  const scope = scopes.getStore();
  if (!scope || scope.emits.has(type)) return;
  const message = `${scope.entry} emitted '${type}', which its manifest entry does not declare: add it to \`emits\``;
  if (process.env.NODE_ENV === 'production') {
    console.error(message);
    return;
  }
  undeclared.push(message);
  throw new UndeclaredEmitError(message);
}

/** The undeclared emits refused so far in this process (and forgets them). */
export function takeUndeclaredEmits(): string[] {
  return undeclared.splice(0);
}
