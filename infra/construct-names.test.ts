import { afterAll, describe, expect, it } from 'vitest';
import { Stack, type CfnElement } from 'aws-cdk-lib';
import { loadManifests } from '#shared/manifest/registry.ts';
import { functionConstructPath, type FunctionKind } from '#shared/manifest/construct-names.ts';
import { buildTestApp, removeTestOutputs } from './testing.ts';

afterAll(removeTestOutputs);

describe('construct names (docs/routes.md prints them)', () => {
  it("every manifest handler's Lambda function sits at functionConstructPath below the Api stack", async () => {
    const manifests = await loadManifests();
    const { api } = buildTestApp(manifests);
    let checked = 0;
    for (const { manifest } of manifests) {
      const built = api.domains[manifest.domain]!;
      const groups: [FunctionKind, Record<string, { function: { node: { path: string; defaultChild?: unknown } } }>][] =
        [
          ['route', built.routes],
          ['subscription', built.subscriptions],
          ['schedule', built.schedules],
          ['task', built.tasks],
        ];
      for (const [kind, functions] of groups) {
        for (const [name, { function: fn }] of Object.entries(functions)) {
          expect(fn.node.path).toBe(`${api.node.path}/${functionConstructPath(manifest.domain, kind, name)}`);
          const resource = fn.node.defaultChild as CfnElement;
          expect(Stack.of(resource).resolve(resource.logicalId)).toMatch(/^[A-Za-z0-9]+$/);
          checked += 1;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
