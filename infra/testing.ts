import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { NestedStack, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { LoadedManifest } from '#shared/manifest/registry.ts';
import { buildApp, type PetProApp } from './build-app.ts';

/**
 * Helpers for the infra tests (not a test file). Bundling is skipped through CDK's own
 * context key (`aws:cdk:bundling-stacks: []` → a placeholder asset per function), so an app
 * builds in seconds; `npx cdk synth` still bundles for real.
 */
export const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] } as const;

const outdirs: string[] = [];

/** Removes the cloud assemblies of the apps built so far (call from afterAll). */
export function removeTestOutputs(): void {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A temporary cloud-assembly directory, removed by removeTestOutputs(). */
export function testOutdir(): string {
  const outdir = mkdtempSync(join(tmpdir(), 'petpro-cdk-'));
  outdirs.push(outdir);
  return outdir;
}

/** An app built like `npx cdk synth` builds it, minus bundling; its cloud assembly goes to a temp dir. */
export function buildTestApp(
  manifests: readonly LoadedManifest[],
  context: Record<string, unknown> = {},
  nag = false,
): PetProApp {
  return buildApp({ manifests, nag, outdir: testOutdir(), context: { ...SKIP_BUNDLING, ...context } });
}

/** Every handler a set of manifests names, with what infra must build for it. */
export interface HandlerRef {
  domain: string;
  name: string;
  kind: 'route' | 'subscription' | 'trigger' | 'schedule' | 'task';
}

export function handlerRefs(manifests: readonly LoadedManifest[]): HandlerRef[] {
  return manifests.flatMap(({ manifest }) => [
    ...Object.keys(manifest.routes).map((name) => ({ domain: manifest.domain, name, kind: 'route' as const })),
    ...Object.keys(manifest.subscriptions ?? {}).map((name) => ({
      domain: manifest.domain,
      name,
      kind: 'subscription' as const,
    })),
    ...Object.keys(manifest.userPoolTriggers ?? {}).map((name) => ({
      domain: manifest.domain,
      name,
      kind: 'trigger' as const,
    })),
    ...Object.keys(manifest.schedules ?? {}).map((name) => ({
      domain: manifest.domain,
      name,
      kind: 'schedule' as const,
    })),
    ...Object.keys(manifest.tasks ?? {}).map((name) => ({ domain: manifest.domain, name, kind: 'task' as const })),
  ]);
}

export type Resources = Record<
  string,
  { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }
>;

/** The Lambda functions of a template whose description marks them as `<domain> <name>:`. */
export function functionsFor(
  resources: Resources,
  ref: Pick<HandlerRef, 'domain' | 'name'>,
): [string, Resources[string]][] {
  return Object.entries(resources).filter(
    ([, resource]) =>
      resource.Type === 'AWS::Lambda::Function' &&
      typeof resource.Properties?.Description === 'string' &&
      resource.Properties.Description.startsWith(`${ref.domain} ${ref.name}:`),
  );
}

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
  Sid?: string;
}

/** All IAM statements of a function's role (inline, or attached through AWS::IAM::Policy), from the template that holds both. */
export function statementsOfFunction(resources: Resources, functionLogicalId: string): Statement[] {
  const fn = resources[functionLogicalId];
  const roleRef = (fn?.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
  if (!roleRef) throw new Error(`function ${functionLogicalId} has no role reference`);
  const attached = Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Policy')
    .filter((policy) =>
      ((policy.Properties?.Roles as { Ref: string }[] | undefined) ?? []).some((role) => role.Ref === roleRef),
    )
    .flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
  const inline = (
    (resources[roleRef]?.Properties?.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? []
  ).flatMap((policy) => policy.PolicyDocument.Statement);
  return [...inline, ...attached];
}

export function allowedActions(statements: Statement[]): Set<string> {
  return new Set(
    statements.filter((s) => s.Effect === 'Allow').flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])),
  );
}

/**
 * One synthesized template among a stack and its nested stacks. The Api stack keeps the shared
 * resources; each domain's are in its nested stack `Domain-<domain>` (decision 0010). Logical ids
 * are unique within one template only: look a resource up in the template that holds it.
 */
export interface StackTemplate {
  /** The stack's construct path: `PetPro-dev-Api`, `PetPro-dev-Api/Domain-users`. */
  path: string;
  stack: Stack;
  template: Template;
  resources: Resources;
  /** For a nested stack: its parent's template, and its own AWS::CloudFormation::Stack logical id there. */
  parent?: { at: StackTemplate; logicalId: string };
}

/** A stack's template, then its nested stacks' (parents before children). */
export function stackTemplates(stack: Stack): StackTemplate[] {
  const templateOf = (of: Stack): Pick<StackTemplate, 'path' | 'stack' | 'template' | 'resources'> => {
    const template = Template.fromStack(of);
    return { path: of.node.path, stack: of, template, resources: (template.toJSON().Resources ?? {}) as Resources };
  };
  const all: StackTemplate[] = [templateOf(stack)];
  for (const nested of stack.node
    .findAll()
    .filter((construct): construct is NestedStack => NestedStack.isNestedStack(construct))) {
    const parentStack = nested.nestedStackParent!;
    const parent = all.find((candidate) => candidate.stack === parentStack)!;
    all.push({
      ...templateOf(nested),
      parent: { at: parent, logicalId: parentStack.resolve(nested.nestedStackResource!.logicalId) as string },
    });
  }
  return all;
}

/** The Api stack's template and its domains' nested stacks' templates. */
export function apiTemplates(app: PetProApp): StackTemplate[] {
  return stackTemplates(app.api);
}

/** The nested stack of one domain. */
export function domainTemplate(templates: readonly StackTemplate[], domain: string): StackTemplate {
  const found = templates.find((at) => at.path.endsWith(`/Domain-${domain}`));
  if (!found) throw new Error(`no nested stack Domain-${domain} among ${templates.map((at) => at.path).join(', ')}`);
  return found;
}

export interface FoundResource {
  /** The template that holds it. */
  at: StackTemplate;
  id: string;
  resource: Resources[string];
}

/** The resources of a type, in every template. */
export function resourcesOfType(templates: readonly StackTemplate[], type: string): FoundResource[] {
  return templates.flatMap((at) =>
    Object.entries(at.resources)
      .filter(([, resource]) => resource.Type === type)
      .map(([id, resource]) => ({ at, id, resource })),
  );
}

/** `Template.findResources` over every template. */
export function findResourcesIn(
  templates: readonly StackTemplate[],
  type: string,
  props: unknown = {},
): FoundResource[] {
  return templates.flatMap((at) =>
    Object.entries(at.template.findResources(type, props)).map(([id, resource]) => ({
      at,
      id,
      resource: resource as Resources[string],
    })),
  );
}

/** `Template.hasResourceProperties` over every template: passes if one of them has it (and returns it). */
export function hasResourcePropertiesIn(
  templates: readonly StackTemplate[],
  type: string,
  props: unknown,
): StackTemplate {
  const failures: string[] = [];
  for (const at of templates) {
    try {
      at.template.hasResourceProperties(type, props);
      return at;
    } catch (error) {
      failures.push(`${at.path}: ${(error as Error).message.slice(0, 600)}`);
    }
  }
  throw new Error(`no template has a ${type} with these properties:\n${failures.join('\n')}`);
}

/** functionsFor over every template. */
export function functionsIn(
  templates: readonly StackTemplate[],
  ref: Pick<HandlerRef, 'domain' | 'name'>,
): FoundResource[] {
  return templates.flatMap((at) => functionsFor(at.resources, ref).map(([id, resource]) => ({ at, id, resource })));
}

/** The one function built for a handler (throws if there is none or more than one). */
export function functionIn(
  templates: readonly StackTemplate[],
  ref: Pick<HandlerRef, 'domain' | 'name'>,
): FoundResource {
  const found = functionsIn(templates, ref);
  if (found.length !== 1) throw new Error(`expected one function for ${ref.domain}.${ref.name}, found ${found.length}`);
  return found[0]!;
}

/**
 * A value of a nested template as its parent sees it: each `{ Ref: <parameter> }` replaced by what
 * the parent passes for that parameter (recursively up to the top stack). E.g. the alarm topic
 * `{ Ref: 'referencetoPetProdevApiAlarmTopic…Ref' }` → `{ Ref: 'AlarmTopic…' }` of the Api stack.
 * (References to the Data stack are `Fn::ImportValue` in nested templates too.)
 */
export function fromParent(at: StackTemplate, value: unknown): unknown {
  if (!at.parent) return value;
  const parameters = (at.template.toJSON().Parameters ?? {}) as Record<string, unknown>;
  const passed = (at.parent.at.resources[at.parent.logicalId]?.Properties?.Parameters ?? {}) as Record<string, unknown>;
  const substitute = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(substitute);
    if (node === null || typeof node !== 'object') return node;
    const entries = Object.entries(node);
    if (
      entries.length === 1 &&
      entries[0]![0] === 'Ref' &&
      typeof entries[0]![1] === 'string' &&
      entries[0]![1] in parameters
    ) {
      const name = entries[0]![1];
      if (!(name in passed)) throw new Error(`${at.path}: the parent passes no value for parameter ${name}`);
      return fromParent(at.parent!.at, passed[name]);
    }
    return Object.fromEntries(entries.map(([key, child]) => [key, substitute(child)]));
  };
  return substitute(value);
}

/**
 * How the parent stack refers to a value of a nested template (e.g. `{ 'Fn::GetAtt': [fn, 'Arn'] }`):
 * `{ 'Fn::GetAtt': [<nested stack>, 'Outputs.<output>'] }`, if the nested stack outputs it; else undefined.
 */
export function inParent(at: StackTemplate, value: unknown): unknown {
  if (!at.parent) throw new Error(`${at.path} is not a nested stack`);
  const outputs = (at.template.toJSON().Outputs ?? {}) as Record<string, { Value: unknown }>;
  const name = Object.entries(outputs).find(([, output]) => isDeepStrictEqual(output.Value, value))?.[0];
  return name === undefined ? undefined : { 'Fn::GetAtt': [at.parent.logicalId, `Outputs.${name}`] };
}
