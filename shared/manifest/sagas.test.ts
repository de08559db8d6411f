import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadManifests, REPO_ROOT, type LoadedManifest } from './registry.ts';
import { assertValidSagas, declaredSagas, sagaPlaceholders, validateSagas } from './sagas.ts';
import type { DomainManifest, SagaSpec } from './types.ts';

const FIXTURES = join(REPO_ROOT, 'infra/fixtures/sagas');
let fixtures: LoadedManifest[];

beforeAll(async () => {
  fixtures = await loadManifests(FIXTURES);
});

/** The fixtures with kennel's `stay` saga (or the whole kennel manifest) changed. */
function withStay(edit: (stay: SagaSpec) => SagaSpec): LoadedManifest[] {
  return withKennel((kennel) => ({ ...kennel, sagas: { stay: edit(kennel.sagas!.stay!) } }));
}
function withKennel(edit: (kennel: DomainManifest) => DomainManifest): LoadedManifest[] {
  return fixtures.map((loaded) =>
    loaded.manifest.domain === 'kennel' ? { ...loaded, manifest: edit(loaded.manifest) } : loaded,
  );
}
function withDeposit(waitsForCallback: boolean): LoadedManifest[] {
  return fixtures.map((loaded) => {
    if (loaded.manifest.domain !== 'wallet') return loaded;
    const takeDeposit = { ...loaded.manifest.tasks!.takeDeposit!, waitsForCallback };
    return { ...loaded, manifest: { ...loaded.manifest, tasks: { takeDeposit } } };
  });
}

describe('saga manifests', () => {
  it('every real manifest saga is consistent (its ASL, its tasks, and every access.sagas)', async () => {
    expect(validateSagas(await loadManifests())).toEqual([]);
  });

  it('finds the placeholders of an ASL text once each, in order of first use', () => {
    expect(sagaPlaceholders('{"a":"${First}","b":"${Second}","c":"${First}","d":"$.plain","e":"{}"}')).toEqual([
      'First',
      'Second',
    ]);
    expect(sagaPlaceholders('{}')).toEqual([]);
  });

  it('accepts the fixture saga', () => {
    expect(declaredSagas(fixtures)).toEqual(['kennel.stay']);
    expect(validateSagas(fixtures)).toEqual([]);
    expect(() => assertValidSagas(fixtures)).not.toThrow();
  });

  it('names a placeholder without a task, a task without a placeholder, and a task nobody offers', () => {
    const problems = validateSagas(
      withStay((stay) => ({
        ...stay,
        tasks: {
          ReserveRun: 'kennel.reserveRun',
          ReleaseRun: 'kennel.releaseRun',
          Groom: 'kennel.groom',
          Walk: 'park.walk',
        },
      })),
    );
    expect(problems).toEqual([
      'saga kennel.stay: ${TakeDeposit} in stay.asl.json is not one of its tasks (ReserveRun, ReleaseRun, Groom, Walk)',
      'saga kennel.stay: task Groom (kennel.groom) is not used in stay.asl.json (no ${Groom})',
      "saga kennel.stay: task Groom is kennel.groom, which no manifest offers (functions/kennel has no task 'groom')",
      'saga kennel.stay: task Walk (park.walk) is not used in stay.asl.json (no ${Walk})',
      "saga kennel.stay: task Walk is park.walk, which no manifest offers (there is no domain 'park')",
    ]);
    expect(() => assertValidSagas(withStay((stay) => ({ ...stay, tasks: {} })))).toThrow(
      /sagas are inconsistent:\n {2}- saga kennel\.stay: \$\{ReserveRun\}/,
    );
  });

  it('refuses .waitForTaskToken on a task that does not wait for a callback (nobody would answer its token)', () => {
    expect(validateSagas(withDeposit(false))).toEqual([
      'saga kennel.stay: wallet.takeDeposit does not wait for a callback (no waitsForCallback), so ${TakeDeposit} must not be called with .waitForTaskToken',
    ]);
    // The other way round is allowed: a step that can wait may also be called synchronously.
    const kennelTasks = (kennel: DomainManifest) => ({
      ...kennel,
      tasks: { ...kennel.tasks, reserveRun: { ...kennel.tasks!.reserveRun!, waitsForCallback: true } },
    });
    expect(validateSagas(withKennel(kennelTasks))).toEqual([]);
  });

  it('names access.sagas that no manifest declares, on every kind of handler', () => {
    const problems = validateSagas(
      withKennel((kennel) => ({
        ...kennel,
        routes: { startStay: { ...kennel.routes.startStay!, access: { sagas: ['kennel.nap'] } } },
        tasks: {
          ...kennel.tasks,
          releaseRun: { ...kennel.tasks!.releaseRun!, access: { sagas: ['booking.booking'] } },
        },
      })),
    );
    expect(problems).toEqual([
      "kennel routes startStay: access.sagas names 'kennel.nap', which no manifest declares (sagas: kennel.stay)",
      "kennel tasks releaseRun: access.sagas names 'booking.booking', which no manifest declares (sagas: kennel.stay)",
    ]);
  });

  it('names a missing or unparsable definition, and a name no state machine can have', () => {
    expect(validateSagas(withStay((stay) => ({ ...stay, definition: 'nowhere.asl.json' })))).toEqual([
      'saga kennel.stay: its definition nowhere.asl.json was not found in functions/kennel/',
    ]);
    expect(validateSagas(withStay((stay) => ({ ...stay, definition: 'manifest.ts' })))[0]).toMatch(
      /^saga kennel\.stay: manifest\.ts is not JSON/,
    );
    const renamed = withKennel((kennel) => ({
      ...kennel,
      sagas: { 'long stay': kennel.sagas!.stay!, ['x'.repeat(60)]: kennel.sagas!.stay! },
    }));
    expect(validateSagas(renamed)).toEqual([
      'saga kennel.long stay: the name must be letters, digits and dashes (it names a state machine)',
      `saga kennel.${'x'.repeat(60)}: 'kennel-${'x'.repeat(60)}' is too long for a state machine name (at most 56 characters after the stage prefix)`,
      "kennel routes startStay: access.sagas names 'kennel.stay', which no manifest declares (sagas: kennel.long stay, kennel.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx)",
      "kennel tasks reserveRun: access.sagas names 'kennel.stay', which no manifest declares (sagas: kennel.long stay, kennel.xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx)",
    ]);
  });
});
