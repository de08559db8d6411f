import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
export function buildTestApp(manifests: readonly LoadedManifest[], context: Record<string, unknown> = {}, nag = false): PetProApp {
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
    ...Object.keys(manifest.subscriptions ?? {}).map((name) => ({ domain: manifest.domain, name, kind: 'subscription' as const })),
    ...Object.keys(manifest.userPoolTriggers ?? {}).map((name) => ({ domain: manifest.domain, name, kind: 'trigger' as const })),
    ...Object.keys(manifest.schedules ?? {}).map((name) => ({ domain: manifest.domain, name, kind: 'schedule' as const })),
    ...Object.keys(manifest.tasks ?? {}).map((name) => ({ domain: manifest.domain, name, kind: 'task' as const })),
  ]);
}

export type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string; UpdateReplacePolicy?: string }>;

/** The Lambda functions of a template whose description marks them as `<domain> <name>:`. */
export function functionsFor(resources: Resources, ref: Pick<HandlerRef, 'domain' | 'name'>): [string, Resources[string]][] {
  return Object.entries(resources).filter(([, resource]) =>
    resource.Type === 'AWS::Lambda::Function' &&
    typeof resource.Properties?.Description === 'string' &&
    resource.Properties.Description.startsWith(`${ref.domain} ${ref.name}:`));
}

interface Statement { Effect: string; Action: string | string[]; Resource: unknown; Sid?: string }

/** All IAM statements attached (through AWS::IAM::Policy) to the role of a function. */
export function statementsOfFunction(resources: Resources, functionLogicalId: string): Statement[] {
  const fn = resources[functionLogicalId];
  const roleRef = (fn?.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined)?.['Fn::GetAtt']?.[0];
  if (!roleRef) throw new Error(`function ${functionLogicalId} has no role reference`);
  const attached = Object.values(resources)
    .filter((resource) => resource.Type === 'AWS::IAM::Policy')
    .filter((policy) => ((policy.Properties?.Roles as { Ref: string }[] | undefined) ?? []).some((role) => role.Ref === roleRef))
    .flatMap((policy) => (policy.Properties?.PolicyDocument as { Statement: Statement[] }).Statement);
  const inline = ((resources[roleRef]?.Properties?.Policies as { PolicyDocument: { Statement: Statement[] } }[] | undefined) ?? [])
    .flatMap((policy) => policy.PolicyDocument.Statement);
  return [...inline, ...attached];
}

export function allowedActions(statements: Statement[]): Set<string> {
  return new Set(statements.filter((s) => s.Effect === 'Allow').flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])));
}
