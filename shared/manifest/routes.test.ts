import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { handlerPath, loadManifests } from './registry.ts';
import type { Declared } from './types.ts';

const manifests = await loadManifests();
const entries = manifests.flatMap((loaded) =>
  (['routes', 'subscriptions', 'schedules', 'tasks'] as const).flatMap((kind) =>
    Object.entries((loaded.manifest[kind] ?? {}) as Readonly<Record<string, Declared & { handler: string }>>).map(
      ([name, spec]) => ({
        entry: `${loaded.manifest.domain}.${kind}.${name}`,
        spec,
        file: handlerPath(loaded, spec.handler),
      }),
    ),
  ),
);

/** `bookings().book(`: a handler calling a domain service its wiring builds. */
const serviceCalls = (source: string): string[] =>
  [...source.matchAll(/\b([a-z]\w*)\(\)\.(\w+)\(/g)]
    .map((match) => `${match[1]}.${match[2]}`)
    .filter((call) => !call.startsWith('Date.'));

describe('what manifests declare for docs/routes.md', () => {
  it.each(entries)('$entry declares the events it may emit', ({ spec }) => {
    expect(
      spec.emits,
      'emits: the event types it may emit ([] when none); checked at run time by shared/events/emits.ts',
    ).toBeDefined();
    expect(new Set(spec.emits).size).toBe(spec.emits!.length);
  });

  it.each(entries)('$entry declares the use case its handler calls', ({ spec, file }) => {
    const calls = serviceCalls(readFileSync(file, 'utf8'));
    if (calls.length === 0) {
      expect(spec.useCase, 'the handler calls no <factory>().<method>( — declare no useCase').toBeUndefined();
    } else {
      expect(calls, `useCase: one of the domain service calls in ${file}`).toContain(spec.useCase);
    }
  });
});
