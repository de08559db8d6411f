import { writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { handlerPath, loadManifests, REPO_ROOT, type LoadedManifest } from './registry.ts';
import { functionConstructPath, type FunctionKind } from './construct-names.ts';
import type { Declared } from './types.ts';

/** `npm run routes` (also run by `npm run openapi`): writes docs/routes.md, the route map, from the manifests. */
export const ROUTES_FILE = join(REPO_ROOT, 'docs/routes.md');

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const code = (text: string): string => `\`${text}\``;

function handlerLink(loaded: LoadedManifest, handler: string): string {
  const path = relative(join(REPO_ROOT, 'docs'), handlerPath(loaded, handler));
  return `[${handler}](${path})`;
}

/** What the manifest declares an entry emits; a functions/ manifest must declare it (`[]` when none). */
function emitted(where: string, spec: Declared): string {
  if (!spec.emits) throw new Error(`${where}: declare \`emits\` (the event types it may emit; [] when none)`);
  return spec.emits.length > 0 ? spec.emits.map(code).join(', ') : '—';
}

const useCase = (spec: Declared): string => (spec.useCase ? code(spec.useCase) : '—');
const lambda = (domain: string, kind: FunctionKind, name: string): string =>
  code(functionConstructPath(domain, kind, name));

function table(header: readonly string[], rows: readonly string[][]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

function domainSection(loaded: LoadedManifest): string[] {
  const { manifest } = loaded;
  const { domain } = manifest;
  const at = (kind: string, name: string) => `${domain}.${kind}.${name}`;
  const lines = [
    `## ${domain}`,
    '',
    `${manifest.description}. Manifest: [functions/${domain}/manifest.ts](../functions/${domain}/manifest.ts).`,
    '',
  ];

  const routes = Object.entries(manifest.routes);
  if (routes.length > 0) {
    lines.push(
      '### Routes',
      '',
      ...table(
        ['Route', 'Handler', 'Use case', 'Emits', 'Lambda'],
        routes.map(([name, spec]) => [
          `${code(`${spec.method} ${spec.path}`)}${spec.auth === 'public' ? ' (public)' : ''}`,
          handlerLink(loaded, spec.handler),
          useCase(spec),
          emitted(at('routes', name), spec),
          lambda(domain, 'route', name),
        ]),
      ),
      '',
    );
  }
  const subscriptions = Object.entries(manifest.subscriptions ?? {});
  if (subscriptions.length > 0) {
    lines.push(
      '### Subscriptions',
      '',
      ...table(
        ['Consumes', 'Handler', 'Use case', 'Emits', 'Lambda'],
        subscriptions.map(([name, spec]) => [
          spec.events.map(code).join(', '),
          handlerLink(loaded, spec.handler),
          useCase(spec),
          emitted(at('subscriptions', name), spec),
          lambda(domain, 'subscription', name),
        ]),
      ),
      '',
    );
  }
  const schedules = Object.entries(manifest.schedules ?? {});
  if (schedules.length > 0) {
    lines.push(
      '### Schedules',
      '',
      ...table(
        ['Schedule', 'Handler', 'Use case', 'Emits', 'Lambda'],
        schedules.map(([name, spec]) => [
          `${code(spec.schedule)}${spec.afterDeploy ? ' and after each deployment' : ''}: ${spec.description}`,
          handlerLink(loaded, spec.handler),
          useCase(spec),
          emitted(at('schedules', name), spec),
          lambda(domain, 'schedule', name),
        ]),
      ),
      '',
    );
  }
  const tasks = Object.entries(manifest.tasks ?? {});
  if (tasks.length > 0) {
    lines.push(
      '### Saga tasks',
      '',
      ...table(
        ['Task', 'Handler', 'Use case', 'Emits', 'Lambda'],
        tasks.map(([name, spec]) => [
          `${code(`${domain}.${name}`)}${spec.waitsForCallback ? ' (waits for a callback)' : ''}`,
          handlerLink(loaded, spec.handler),
          useCase(spec),
          emitted(at('tasks', name), spec),
          lambda(domain, 'task', name),
        ]),
      ),
      '',
    );
  }
  const sagas = Object.entries(manifest.sagas ?? {});
  if (sagas.length > 0) {
    lines.push(
      '### Sagas',
      '',
      ...table(
        ['Saga', 'Definition', 'Steps (ASL placeholder → task)'],
        sagas.map(([name, spec]) => [
          `${code(`${domain}.${name}`)}: ${spec.description}`,
          `[${spec.definition}](../functions/${domain}/${spec.definition})`,
          Object.entries(spec.tasks)
            .map(([placeholder, task]) => `${placeholder} → ${code(task)}`)
            .join(', '),
        ]),
      ),
      '',
    );
  }
  return lines;
}

export async function renderRoutes(manifests?: LoadedManifest[]): Promise<string> {
  const loaded = manifests ?? (await loadManifests());
  const lines = [
    '# Route map',
    '',
    '<!-- Generated from functions/*/manifest.ts by `npm run routes` (shared/manifest/generate-routes.ts). Do not edit; a test fails when it is stale. -->',
    '',
    'Every route, subscription, schedule and saga task of every domain: its handler (one file, thin: parse → call the domain → reply),',
    "the **use case** it calls (`<factory>.<method>`: the factory is exported by the domain's `wiring.ts`, the method lives in the domain module),",
    "the domain **events** it may emit (declared in the manifest's `emits`, from shared/events/catalog.ts; the local platform and the tests",
    "fail on an event a handler emits without declaring it), and its **Lambda** function's CDK construct path below the Api stack",
    '(`PetPro-<stage>-Api/…`; the CloudFormation resource is `<path>/Resource`, in the nested stack `Domain-<domain>`).',
    "Storage: every handler reads and writes the one table through its domain's `store.ts` (access patterns: [data-model.md](data-model.md));",
    'who may call a route and with which schemas: [api/openapi.json](api/openapi.json).',
    '',
    `Domains: ${loaded.map(({ manifest }) => `[${manifest.domain}](#${manifest.domain})`).join(' · ')}`,
    '',
    ...loaded.flatMap(domainSection),
  ];
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(ROUTES_FILE, await renderRoutes());
  console.log(`wrote ${ROUTES_FILE}`);
}
