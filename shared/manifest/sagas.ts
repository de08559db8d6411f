import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadedManifest } from './registry.ts';
import type { Access, SagaSpec } from './types.ts';

/**
 * What makes a manifest saga deployable, checked the same way by infra/ (synth fails) and local/
 * (the platform refuses to start): its ASL file parses, its `${Placeholder}`s and its `tasks` name
 * each other exactly, every task is a `<domain>.<task>` some manifest offers (`.waitForTaskToken` only
 * on a task with `waitsForCallback`: nobody would ever answer the token of another), and every
 * `access.sagas` names a saga that exists. A `waitsForCallback` task may also be invoked
 * synchronously (payments.startPayment: with a token it resumes the step, without one it answers).
 */

type SagaRef = `${string}.${string}`;

const PLACEHOLDER = /\$\{([^}]*)\}/g;
const LAMBDA_INVOKE = 'arn:aws:states:::lambda:invoke';
const LAMBDA_INVOKE_TOKEN = 'arn:aws:states:::lambda:invoke.waitForTaskToken';
/** The longest stage prefix (`petpro-` + a 16-character stage + `-`, infra/config.ts); Step Functions names are at most 80 characters. */
const LONGEST_PREFIX = 'petpro-'.length + 16 + 1;
const MAX_STATE_MACHINE_NAME = 80;

/** The `${Name}` placeholders of an ASL text, each once, in order of first use (CDK's definitionSubstitutions keys). */
export function sagaPlaceholders(aslText: string): string[] {
  return [...new Set([...aslText.matchAll(PLACEHOLDER)].map((match) => match[1] ?? ''))];
}

/** Absolute path of a saga's ASL file. */
export function sagaDefinitionPath(loaded: LoadedManifest, spec: SagaSpec): string {
  return join(loaded.dir, spec.definition);
}

/** `<domain>.<saga>` → its two parts (domain names hold no dot). */
export function splitRef(ref: SagaRef): [domain: string, name: string] {
  const dot = ref.indexOf('.');
  return [ref.slice(0, dot), ref.slice(dot + 1)];
}

/** Every saga the manifests declare, as `<domain>.<saga>`. */
export function declaredSagas(manifests: readonly LoadedManifest[]): SagaRef[] {
  return manifests.flatMap(({ manifest }) =>
    Object.keys(manifest.sagas ?? {}).map((saga): SagaRef => `${manifest.domain}.${saga}`),
  );
}

type AslObject = Record<string, unknown>;
const isObject = (value: unknown): value is AslObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Every Task state of a machine, nested Map and Parallel states included. */
function taskStates(machine: unknown): [string, AslObject][] {
  if (!isObject(machine) || !isObject(machine.States)) return [];
  return Object.entries(machine.States).flatMap(([name, state]): [string, AslObject][] => {
    if (!isObject(state)) return [];
    const nested = [
      state.ItemProcessor,
      state.Iterator,
      ...(Array.isArray(state.Branches) ? state.Branches : []),
    ].flatMap(taskStates);
    return state.Type === 'Task' ? [[name, state], ...nested] : nested;
  });
}

/** How each placeholder is called: `callback` (`.waitForTaskToken`) or `sync` (lambda:invoke, or a function ARN as Resource). */
function placeholderCalls(asl: unknown): Map<string, Set<'callback' | 'sync'>> {
  const calls = new Map<string, Set<'callback' | 'sync'>>();
  const note = (text: unknown, how: 'callback' | 'sync') => {
    if (typeof text !== 'string') return;
    for (const placeholder of sagaPlaceholders(text))
      calls.set(placeholder, (calls.get(placeholder) ?? new Set()).add(how));
  };
  for (const [, state] of taskStates(asl)) {
    const parameters = isObject(state.Parameters) ? state.Parameters : {};
    if (state.Resource === LAMBDA_INVOKE_TOKEN) note(parameters.FunctionName, 'callback');
    else if (state.Resource === LAMBDA_INVOKE) note(parameters.FunctionName, 'sync');
    else note(state.Resource, 'sync');
  }
  return calls;
}

const HANDLER_KINDS = ['routes', 'subscriptions', 'userPoolTriggers', 'schedules', 'tasks'] as const;

/** Everything wrong with the manifests' sagas, one sentence each; empty when all is well. */
export function validateSagas(manifests: readonly LoadedManifest[]): string[] {
  const problems: string[] = [];
  const byDomain = new Map(manifests.map((loaded) => [loaded.manifest.domain, loaded.manifest]));
  const declared = new Set(declaredSagas(manifests));

  for (const loaded of manifests) {
    const { domain } = loaded.manifest;
    for (const [saga, spec] of Object.entries(loaded.manifest.sagas ?? {})) {
      const label = `saga ${domain}.${saga}`;
      if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(saga))
        problems.push(`${label}: the name must be letters, digits and dashes (it names a state machine)`);
      if (LONGEST_PREFIX + `${domain}-${saga}`.length > MAX_STATE_MACHINE_NAME) {
        problems.push(
          `${label}: '${domain}-${saga}' is too long for a state machine name (at most ${MAX_STATE_MACHINE_NAME - LONGEST_PREFIX} characters after the stage prefix)`,
        );
      }

      let text: string;
      let asl: unknown;
      try {
        text = readFileSync(sagaDefinitionPath(loaded, spec), 'utf8');
      } catch {
        problems.push(`${label}: its definition ${spec.definition} was not found in functions/${domain}/`);
        continue;
      }
      try {
        asl = JSON.parse(text);
      } catch (error) {
        problems.push(`${label}: ${spec.definition} is not JSON (${(error as Error).message})`);
        continue;
      }

      const placeholders = sagaPlaceholders(text);
      for (const placeholder of placeholders) {
        if (!Object.hasOwn(spec.tasks, placeholder))
          problems.push(
            `${label}: \${${placeholder}} in ${spec.definition} is not one of its tasks (${Object.keys(spec.tasks).join(', ') || 'none'})`,
          );
      }
      const calls = placeholderCalls(asl);
      for (const [placeholder, ref] of Object.entries(spec.tasks)) {
        if (!placeholders.includes(placeholder))
          problems.push(
            `${label}: task ${placeholder} (${ref}) is not used in ${spec.definition} (no \${${placeholder}})`,
          );
        const [taskDomain, task] = splitRef(ref);
        const offered = byDomain.get(taskDomain)?.tasks?.[task];
        if (!offered) {
          problems.push(
            `${label}: task ${placeholder} is ${ref}, which no manifest offers (${byDomain.has(taskDomain) ? `functions/${taskDomain} has no task '${task}'` : `there is no domain '${taskDomain}'`})`,
          );
          continue;
        }
        if (!offered.waitsForCallback && calls.get(placeholder)?.has('callback'))
          problems.push(
            `${label}: ${ref} does not wait for a callback (no waitsForCallback), so \${${placeholder}} must not be called with .waitForTaskToken`,
          );
      }
    }

    for (const kind of HANDLER_KINDS) {
      const specs: Readonly<Record<string, { access: Access }>> = loaded.manifest[kind] ?? {};
      for (const [name, { access }] of Object.entries(specs)) {
        for (const ref of access.sagas ?? []) {
          if (!declared.has(ref))
            problems.push(
              `${domain} ${kind} ${name}: access.sagas names '${ref}', which no manifest declares (sagas: ${[...declared].join(', ') || 'none'})`,
            );
        }
      }
    }
  }
  return problems;
}

/** Throws with every problem validateSagas finds. */
export function assertValidSagas(manifests: readonly LoadedManifest[]): void {
  const problems = validateSagas(manifests);
  if (problems.length > 0)
    throw new Error(
      `The manifests' sagas are inconsistent:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
}
