import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { App, Stack } from 'aws-cdk-lib';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { FUNCTIONS_DIR, loadManifests, type LoadedManifest } from '#shared/manifest/registry.ts';
import { defineDomain } from '#shared/manifest/types.ts';
import { ENV } from '#shared/config/env.ts';
import type { PetProApp } from './build-app.ts';
import { accessEnvironment, accessStatements } from './access.ts';
import { oneTimeScheduleGroupName } from './one-time-schedules.ts';
import {
  allowedActions,
  apiTemplates,
  buildTestApp,
  functionIn,
  functionsIn,
  hasResourcePropertiesIn,
  removeTestOutputs,
  resourcesOfType,
  statementsOfFunction,
  testOutdir,
  type Resources,
  type StackTemplate,
} from './testing.ts';

/**
 * One-time schedules (EventBridge Scheduler): the group and Scheduler's role (Data stack), and what
 * `oneTimeSchedules` access gives a function (Api stack). No real manifest declares the access yet,
 * so a fixture domain does, on an existing handler file (bundling is skipped).
 */
const fixture: LoadedManifest = {
  dir: join(FUNCTIONS_DIR, 'platform'),
  manifest: defineDomain({
    domain: 'reminderfixture',
    description: 'Test fixture: one-time schedules',
    routes: {
      book: {
        method: 'POST',
        path: '/v1/fixture/reminders',
        handler: 'handlers/health.ts',
        auth: 'public',
        access: { table: 'readwrite', oneTimeSchedules: true },
        summary: 'Fixture route that schedules reminders',
        responses: { 200: { description: 'ok' } },
      },
    },
    subscriptions: {
      cancelled: {
        description: 'Fixture consumer that cancels reminders',
        events: ['booking.cancelled'],
        handler: 'handlers/health.ts',
        access: { oneTimeSchedules: true },
      },
    },
  }),
};

const SCHEDULER_ACTIONS = [
  'scheduler:CreateSchedule',
  'scheduler:DeleteSchedule',
  'scheduler:GetSchedule',
  'scheduler:UpdateSchedule',
];

let manifests: LoadedManifest[];
let dev: PetProApp;
let devData: Template;
let prodData: Template;
let dataResources: Resources;
/** The Api stack's template and its domains' nested stacks'. */
let api: StackTemplate[];

beforeAll(async () => {
  manifests = [...(await loadManifests()), fixture];
  dev = buildTestApp(manifests, {}, true);
  devData = Template.fromStack(dev.data);
  dataResources = devData.toJSON().Resources as Resources;
  api = apiTemplates(dev);
  const prod = buildTestApp(manifests, {
    stage: 'prod',
    emailFrom: 'no-reply@petpro.test',
    allowedOrigins: 'https://app.petpro.test',
  });
  prodData = Template.fromStack(prod.data);
});

afterAll(removeTestOutputs);

const logicalId = (resources: Resources, type: string): string => {
  const ids = Object.entries(resources)
    .filter(([, resource]) => resource.Type === type)
    .map(([id]) => id);
  expect(ids).toHaveLength(1);
  return ids[0]!;
};

describe('one-time schedule group and Scheduler role (Data stack)', () => {
  it('is one schedule group named petpro-<stage>-reminders, retained in prod (its pending schedules are data)', () => {
    expect(oneTimeScheduleGroupName('dev')).toBe('petpro-dev-reminders');
    devData.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    devData.hasResource('AWS::Scheduler::ScheduleGroup', {
      Properties: { Name: 'petpro-dev-reminders' },
      DeletionPolicy: 'Delete',
    });
    prodData.resourceCountIs('AWS::Scheduler::ScheduleGroup', 1);
    prodData.hasResource('AWS::Scheduler::ScheduleGroup', {
      Properties: { Name: 'petpro-prod-reminders' },
      DeletionPolicy: 'Retain',
    });
    expect(resourcesOfType(api, 'AWS::Scheduler::ScheduleGroup')).toEqual([]);
  });

  it('has a role only Scheduler assumes, for this account and group, allowed PutEvents on the bus and nothing else', () => {
    const groupId = logicalId(dataResources, 'AWS::Scheduler::ScheduleGroup');
    const busId = logicalId(dataResources, 'AWS::Events::EventBus');
    const roles = Object.entries(dataResources).filter(
      ([, resource]) =>
        resource.Type === 'AWS::IAM::Role' &&
        JSON.stringify(resource.Properties?.AssumeRolePolicyDocument).includes('scheduler.amazonaws.com'),
    );
    expect(roles).toHaveLength(1);
    const [roleId, role] = roles[0]!;
    expect(role.Properties!.AssumeRolePolicyDocument).toEqual({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'scheduler.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: {
            StringEquals: {
              'aws:SourceAccount': { Ref: 'AWS::AccountId' },
              'aws:SourceArn': { 'Fn::GetAtt': [groupId, 'Arn'] },
            },
          },
        },
      ],
    });
    expect(role.Properties!.Policies).toEqual([
      {
        PolicyName: 'putEvents',
        PolicyDocument: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'PutEvents',
              Effect: 'Allow',
              Action: 'events:PutEvents',
              Resource: { 'Fn::GetAtt': [busId, 'Arn'] },
            },
          ],
        },
      },
    ]);
    expect(role.Properties!.ManagedPolicyArns).toBeUndefined();
    // No other policy is attached to it.
    const attached = Object.values(dataResources).filter(
      (resource) => resource.Type === 'AWS::IAM::Policy' && JSON.stringify(resource.Properties?.Roles).includes(roleId),
    );
    expect(attached).toEqual([]);
  });
});

describe('oneTimeSchedules access (Api stack)', () => {
  function of(name: string) {
    const { at, id, resource: fn } = functionIn(api, { domain: 'reminderfixture', name });
    return {
      env: (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables,
      statements: statementsOfFunction(at.resources, id),
    };
  }

  it('may create, update, read and delete schedules of the reminders group only, and pass exactly the Scheduler role, to Scheduler only', () => {
    for (const name of ['book', 'cancelled']) {
      const { statements } = of(name);
      const schedules = statements.filter((s) => s.Sid === 'OneTimeSchedules');
      expect(schedules).toHaveLength(1);
      expect([...allowedActions(schedules)].sort()).toEqual(SCHEDULER_ACTIONS);
      expect(JSON.stringify(schedules[0]!.Resource)).toMatch(
        /^\{"Fn::Join":\["",\["arn:",\{"Ref":"AWS::Partition"\},":scheduler:",\{"Ref":"AWS::Region"\},":",\{"Ref":"AWS::AccountId"\},":schedule\/petpro-dev-reminders\/\*"\]\]\}$/,
      );
      const pass = statements.filter((s) => ([] as string[]).concat(s.Action).includes('iam:PassRole'));
      expect(pass).toHaveLength(1);
      expect(pass[0]).toMatchObject({
        Sid: 'PassSchedulerRole',
        Effect: 'Allow',
        Action: 'iam:PassRole',
        Condition: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      });
      expect(JSON.stringify(pass[0]!.Resource)).toMatch(
        /^\{"Fn::ImportValue":"[^"]*OneTimeSchedulesSchedulerRole[^"]*Arn[^"]*"\}$/,
      );
      // It does not put events itself: Scheduler does, with its role.
      expect(allowedActions(statements).has('events:PutEvents')).toBe(false);
    }
  });

  it('is told the group, the Scheduler role and the bus ARN', () => {
    const { env } = of('book');
    expect(env[ENV.oneTimeScheduleGroup]).toBe('petpro-dev-reminders');
    expect(JSON.stringify(env[ENV.oneTimeScheduleRoleArn])).toMatch(
      /Fn::ImportValue.*OneTimeSchedulesSchedulerRole.*Arn/,
    );
    expect(JSON.stringify(env[ENV.eventBusArn])).toMatch(/Fn::ImportValue.*Bus.*Arn/);
  });

  it('is given to no function whose manifest entry does not declare it', () => {
    const undeclared = manifests.flatMap(({ manifest }) =>
      [manifest.routes, manifest.subscriptions, manifest.schedules, manifest.tasks]
        .flatMap((entries) => Object.entries(entries ?? {}))
        .filter(([, spec]) => !spec.access.oneTimeSchedules)
        .map(([name]) => ({ domain: manifest.domain, name })),
    );
    let checked = 0;
    for (const ref of undeclared) {
      for (const { at, id, resource: fn } of functionsIn(api, ref)) {
        const actions = [...allowedActions(statementsOfFunction(at.resources, id))];
        expect(
          actions.filter((action) => action.startsWith('scheduler:') || action === 'iam:PassRole'),
          `${ref.domain}.${ref.name}`,
        ).toEqual([]);
        const env = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
        expect(ENV.oneTimeScheduleGroup in env || ENV.oneTimeScheduleRoleArn in env, `${ref.domain}.${ref.name}`).toBe(
          false,
        );
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(10);
  });

  it('alarms on invocations Scheduler dropped in the group', () => {
    hasResourcePropertiesIn(api, 'AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Scheduler',
      MetricName: 'InvocationDroppedCount',
      Dimensions: [{ Name: 'ScheduleGroup', Value: 'petpro-dev-reminders' }],
      Threshold: 1,
      AlarmActions: Match.anyValue(),
    });
  });

  it('fails synth when the function is not given the group', () => {
    const stack = new Stack(new App({ outdir: testOutdir() }), 'S');
    const resources = { bus: new EventBus(stack, 'B') };
    expect(() => accessStatements(stack, { oneTimeSchedules: true }, resources)).toThrow(
      /oneTimeSchedules access is declared in the manifest but the one-time schedule group is not available/,
    );
    expect(() => accessEnvironment({ oneTimeSchedules: true }, resources)).toThrow(/one-time schedule group/);
  });

  it('leaves no unacknowledged cdk-nag finding', () => {
    const report = JSON.parse(readFileSync(join(dev.app.synth().directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
    expect(dev.checks!.validateScope(dev.app).violations.map((v) => v.ruleName)).toEqual([]);
  });
});
