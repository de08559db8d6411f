import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STACK_RESOURCE_LIMIT_CONTEXT } from 'aws-cdk-lib';
import { loadManifests, type LoadedManifest } from '#shared/manifest/registry.ts';
import type { PetProApp } from './build-app.ts';
import {
  apiTemplates,
  buildTestApp,
  domainTemplate,
  functionIn,
  handlerRefs,
  removeTestOutputs,
  resourcesOfType,
  stackTemplates,
  type StackTemplate,
} from './testing.ts';

/**
 * One nested stack per domain inside the Api stack (decision 0010), and CloudFormation's per-stack
 * limits. CDK's own resource check (TooManyResourcesInStack, thrown at synth) is switched off for
 * these builds, so that a stack over the limit fails here with every stack's count, largest first.
 */
const CLOUDFORMATION_LIMITS = { resources: 500, parameters: 200, outputs: 200 } as const;
const NO_CDK_LIMIT = { [STACK_RESOURCE_LIMIT_CONTEXT]: 0 };
const PROD = { stage: 'prod', emailFrom: 'no-reply@petpro.test', allowedOrigins: 'https://app.petpro.test' };

let manifests: LoadedManifest[];
let dev: PetProApp;
let api: StackTemplate[];

beforeAll(async () => {
  manifests = await loadManifests();
  dev = buildTestApp(manifests, NO_CDK_LIMIT);
  api = apiTemplates(dev);
});

afterAll(removeTestOutputs);

interface Counts {
  path: string;
  resources: number;
  parameters: number;
  outputs: number;
}

function counts(app: PetProApp): Counts[] {
  return [...stackTemplates(app.data), ...apiTemplates(app)].map(({ path, template }) => {
    const json = template.toJSON() as Record<'Resources' | 'Parameters' | 'Outputs', object | undefined>;
    return {
      path,
      resources: Object.keys(json.Resources ?? {}).length,
      parameters: Object.keys(json.Parameters ?? {}).length,
      outputs: Object.keys(json.Outputs ?? {}).length,
    };
  });
}

describe('nested stacks', () => {
  it('gives each domain a nested stack of its own in the Api stack, holding all of its functions', () => {
    const domains = manifests.map(({ manifest }) => manifest.domain).sort();
    const [top, ...nested] = api;
    expect(Object.keys(dev.api.domainStacks).sort()).toEqual(domains);
    expect(nested.map(({ path }) => path).sort()).toEqual(
      domains.map((domain) => `${top!.path}/Domain-${domain}`).sort(),
    );
    for (const at of nested) expect(at.parent?.at, at.path).toBe(top);
    expect(resourcesOfType([top!], 'AWS::CloudFormation::Stack')).toHaveLength(domains.length);
    for (const ref of handlerRefs(manifests).filter((handler) => handler.kind !== 'trigger')) {
      expect(functionIn(api, ref).at.path, `${ref.domain}.${ref.name}`).toBe(domainTemplate(api, ref.domain).path);
    }
  });

  it('keeps what the domains share in the Api stack itself', () => {
    const [top] = api;
    for (const type of [
      'AWS::ApiGatewayV2::Api',
      'AWS::ApiGatewayV2::Stage',
      'AWS::ApiGatewayV2::Authorizer',
      'AWS::SNS::Topic',
      'AWS::StepFunctions::StateMachine',
      'Custom::Trigger',
    ]) {
      const found = resourcesOfType(api, type);
      expect(found.length, type).toBeGreaterThan(0);
      expect(
        found.map(({ at }) => at.path),
        type,
      ).toEqual(found.map(() => top!.path));
    }
  });
});

describe('CloudFormation limits', () => {
  it.each(['dev', 'prod'])(
    'keeps every stack of stage %s, each nested stack included, within 500 resources (and 200 parameters and outputs)',
    (stage) => {
      const all = counts(stage === 'dev' ? dev : buildTestApp(manifests, { ...PROD, ...NO_CDK_LIMIT }));
      expect(all.length).toBe(2 + manifests.length);
      for (const limit of ['resources', 'parameters', 'outputs'] as const) {
        const sorted = [...all].sort((a, b) => b[limit] - a[limit]);
        const largest = sorted[0]!;
        const summary = sorted.map((stack) => `${stack.path}: ${stack[limit]}`).join(', ');
        expect(
          largest[limit],
          `${largest.path} has ${largest[limit]} ${limit} (CloudFormation allows ${CLOUDFORMATION_LIMITS[limit]} per stack). All stacks: ${summary}`,
        ).toBeLessThanOrEqual(CLOUDFORMATION_LIMITS[limit]);
      }
    },
  );
});
