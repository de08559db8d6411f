import { readdirSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DomainManifest } from './types.ts';

/** The repository root, wherever the caller runs from. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const FUNCTIONS_DIR = join(REPO_ROOT, 'functions');

export interface LoadedManifest {
  manifest: DomainManifest;
  /** Absolute path of the domain folder. */
  dir: string;
}

/**
 * Every domain is a folder under functions/ with a manifest.ts: adding a domain is adding a
 * folder. infra/ and local/ both read the manifests through this one function.
 */
export async function loadManifests(functionsDir: string = FUNCTIONS_DIR): Promise<LoadedManifest[]> {
  const folders = readdirSync(functionsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(functionsDir, entry.name, 'manifest.ts')))
    .map((entry) => entry.name)
    .sort();
  const loaded: LoadedManifest[] = [];
  for (const folder of folders) {
    const dir = join(functionsDir, folder);
    const module = (await import(pathToFileURL(join(dir, 'manifest.ts')).href)) as { manifest?: DomainManifest };
    if (!module.manifest) throw new Error(`functions/${folder}/manifest.ts must export 'manifest'`);
    if (module.manifest.domain !== folder)
      throw new Error(`functions/${folder}/manifest.ts names domain '${module.manifest.domain}'`);
    loaded.push({ manifest: module.manifest, dir });
  }
  return loaded;
}

/** Absolute path of a handler file named in a manifest. */
export function handlerPath(loaded: LoadedManifest, handler: string): string {
  return join(loaded.dir, handler);
}

/** The table-stream → EventBridge forwarder: the one handler no manifest names (infra, local, bench). */
export const OUTBOX_FORWARDER_ENTRY = join(REPO_ROOT, 'shared/events/outbox-forwarder.ts');

export type HandlerKind = 'route' | 'subscription' | 'userPoolTrigger' | 'schedule' | 'task';

export interface HandlerEntry {
  domain: string;
  name: string;
  kind: HandlerKind;
  /** Absolute path of the handler module. */
  file: string;
}

/** Every handler the manifests name: routes, subscriptions, Cognito triggers, schedules and saga tasks. */
export function manifestHandlers(manifests: LoadedManifest[]): HandlerEntry[] {
  return manifests.flatMap((loaded) => {
    const { manifest } = loaded;
    const groups: [HandlerKind, Readonly<Record<string, { handler: string }>> | undefined][] = [
      ['route', manifest.routes],
      ['subscription', manifest.subscriptions],
      ['userPoolTrigger', manifest.userPoolTriggers],
      ['schedule', manifest.schedules],
      ['task', manifest.tasks],
    ];
    return groups.flatMap(([kind, specs]) =>
      Object.entries(specs ?? {}).map(([name, spec]) => ({
        domain: manifest.domain,
        name,
        kind,
        file: handlerPath(loaded, spec.handler),
      })),
    );
  });
}

/**
 * The function name of a saga task on the local platform (`<domain>-<task>`): sagas there get
 * `arn:aws:lambda:<region>:000000000000:function:<name>` for their placeholders, and the local
 * Step Functions service maps it back to the handler.
 */
export const localTaskFunctionName = (domain: string, task: string): string => `${domain}-${task}`;

/** Saga task handlers by local function name. */
export function taskHandlersByFunctionName(manifests: LoadedManifest[]): Map<string, string> {
  return new Map(
    manifests.flatMap((loaded) =>
      Object.entries(loaded.manifest.tasks ?? {}).map(
        ([task, spec]) =>
          [localTaskFunctionName(loaded.manifest.domain, task), handlerPath(loaded, spec.handler)] as const,
      ),
    ),
  );
}
