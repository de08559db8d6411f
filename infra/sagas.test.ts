import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { loadManifests, REPO_ROOT, type LoadedManifest } from '#shared/manifest/registry.ts';
import { sagaArnEnv, type DomainManifest } from '#shared/manifest/types.ts';
import type { PetProApp } from './build-app.ts';
import { accessEnvironment, accessStatements } from './access.ts';
import {
  allowedActions,
  apiTemplates,
  buildTestApp,
  functionIn,
  fromParent,
  inParent,
  removeTestOutputs,
  statementsOfFunction,
  testOutdir,
  type FoundResource,
  type Resources,
  type StackTemplate,
} from './testing.ts';

/**
 * Manifest sagas → Step Functions state machines. A fixture app (infra/fixtures/sagas: the kennel
 * domain's `stay` saga uses its own tasks and wallet.takeDeposit, which waits for a callback; a
 * route and one of the saga's own tasks start it) keeps the builds fast and independent of which
 * real domain declares a saga first.
 */
const FIXTURES = join(REPO_ROOT, 'infra/fixtures/sagas');
const ASL = readFileSync(join(FIXTURES, 'kennel/stay.asl.json'), 'utf8');

let fixtures: LoadedManifest[];
let dev: PetProApp;
/** The Api stack's template (the state machines), then the domains' nested stacks' (the task functions). */
let api: StackTemplate[];
/** The Api stack's own resources. */
let resources: Resources;

beforeAll(async () => {
  fixtures = await loadManifests(FIXTURES);
  dev = buildTestApp(fixtures, {}, true);
  api = apiTemplates(dev);
  resources = api[0]!.resources;
});

afterAll(removeTestOutputs);

type Entry = [string, Resources[string]];
const only = <T>(items: T[], what: string): T => {
  if (items.length !== 1) throw new Error(`expected one ${what}, found ${items.length}`);
  return items[0]!;
};
/** A task or route function, in its domain's nested stack. */
const fnOf = (domain: string, name: string): FoundResource => functionIn(api, { domain, name });
const stateMachine = (): Entry =>
  only(
    Object.entries(resources).filter(([, r]) => r.Type === 'AWS::StepFunctions::StateMachine'),
    'state machine',
  );
const getAtt = (id: string) => ({ 'Fn::GetAtt': [id, 'Arn'] });
/** A function's ARN as the Api stack (where the state machine is) sees it: an output of the function's nested stack. */
const arnInApiStack = ({ at, id }: FoundResource) => {
  const arn = inParent(at, getAtt(id));
  if (arn === undefined) throw new Error(`${at.path} does not output ${id}'s ARN`);
  return arn;
};

/** A copy of the fixtures with the kennel manifest changed. */
function withKennel(edit: (kennel: DomainManifest) => DomainManifest): LoadedManifest[] {
  return fixtures.map((loaded) =>
    loaded.manifest.domain === 'kennel' ? { ...loaded, manifest: edit(loaded.manifest) } : loaded,
  );
}
const staySaga = (kennel: DomainManifest) => kennel.sagas!.stay!;

describe('a manifest saga becomes a state machine', () => {
  it("is a Standard state machine named <stage prefix><domain>-<saga>, from the domain's ASL file with each placeholder → its task function's ARN", () => {
    const [, machine] = stateMachine();
    expect(machine.Properties).toMatchObject({
      StateMachineName: 'petpro-dev-kennel-stay',
      StateMachineType: 'STANDARD',
    });
    expect(machine.Properties!.DefinitionSubstitutions).toEqual({
      ReserveRun: arnInApiStack(fnOf('kennel', 'reserveRun')),
      TakeDeposit: arnInApiStack(fnOf('wallet', 'takeDeposit')),
      ReleaseRun: arnInApiStack(fnOf('kennel', 'releaseRun')),
    });
    // DefinitionBody.fromFile: the file itself, as an asset, substituted by CloudFormation.
    const { Key } = machine.Properties!.DefinitionS3Location as { Key: string };
    expect(readFileSync(join(dev.app.synth().directory, `asset.${Key}`), 'utf8')).toBe(ASL);
  });

  it('may invoke exactly the task functions its placeholders name (and their versions), nothing else', () => {
    const [, machine] = stateMachine();
    const roleId = (machine.Properties!.RoleArn as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const policies = Object.values(resources).filter(
      (r) => r.Type === 'AWS::IAM::Policy' && JSON.stringify(r.Properties!.Roles) === JSON.stringify([{ Ref: roleId }]),
    );
    const statements = policies.flatMap(
      (p) =>
        (p.Properties!.PolicyDocument as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement,
    );
    const invoke = statements.filter((s) => [s.Action].flat().some((action) => action.startsWith('lambda:')));
    expect(invoke.every((s) => s.Action === 'lambda:InvokeFunction')).toBe(true);
    const fns = [fnOf('kennel', 'reserveRun'), fnOf('wallet', 'takeDeposit'), fnOf('kennel', 'releaseRun')].map(
      arnInApiStack,
    );
    expect(invoke.flatMap((s) => s.Resource as unknown[])).toEqual(
      fns.flatMap((arn) => [arn, { 'Fn::Join': ['', [arn, ':*']] }]),
    );
    // Besides invoking: log delivery and X-Ray, which CDK adds for logging and tracing.
    expect(new Set(statements.flatMap((s) => [s.Action].flat()).map((action) => action.split(':')[0]))).toEqual(
      new Set(['lambda', 'logs', 'xray']),
    );
  });

  it('logs every step to its own log group without execution data (customer names and emails), and is traced', () => {
    const [, machine] = stateMachine();
    const logs = only(
      Object.entries(resources).filter(
        ([id, r]) => r.Type === 'AWS::Logs::LogGroup' && id.startsWith('Sagaskennelstay'),
      ),
      'saga log group',
    );
    expect(machine.Properties!.LoggingConfiguration).toEqual({
      Destinations: [{ CloudWatchLogsLogGroup: { LogGroupArn: getAtt(logs[0]) } }],
      IncludeExecutionData: false,
      Level: 'ALL',
    });
    expect(machine.Properties!.TracingConfiguration).toEqual({ Enabled: true });
  });

  it('takes the stage in its name and keeps its logs in prod', () => {
    const prod = Template.fromStack(
      buildTestApp(fixtures, {
        stage: 'prod',
        emailFrom: 'no-reply@petpro.test',
        allowedOrigins: 'https://app.petpro.test',
      }).api,
    );
    prod.hasResourceProperties('AWS::StepFunctions::StateMachine', { StateMachineName: 'petpro-prod-kennel-stay' });
    const logGroups = Object.entries(prod.findResources('AWS::Logs::LogGroup')).filter(([id]) =>
      id.startsWith('Sagaskennelstay'),
    );
    expect(logGroups.map(([, r]) => r.DeletionPolicy)).toEqual(['Retain']);
  });

  it('leaves no unacknowledged cdk-nag finding', () => {
    const report = JSON.parse(readFileSync(join(dev.app.synth().directory, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations)).toEqual([]);
    expect(dev.checks!.validateScope(dev.app).violations.map((v) => v.ruleName)).toEqual([]);
  });
});

describe('a function whose access lists sagas', () => {
  const stateMachineArn = {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':states:ap-southeast-3:',
        { Ref: 'AWS::AccountId' },
        ':stateMachine:petpro-dev-kennel-stay',
      ],
    ],
  };
  const executionsArn = {
    'Fn::Join': [
      '',
      [
        'arn:',
        { Ref: 'AWS::Partition' },
        ':states:ap-southeast-3:',
        { Ref: 'AWS::AccountId' },
        ':execution:petpro-dev-kennel-stay:*',
      ],
    ],
  };

  it.each([
    ['route', 'startStay'],
    ['saga task', 'reserveRun'],
  ])(
    '(%s %s) gets the ARN in SAGA_<DOMAIN>_<SAGA>_ARN and may start, describe and stop its executions',
    (_kind, name) => {
      const { at, id, resource: fn } = fnOf('kennel', name);
      const env = (fn.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(sagaArnEnv('kennel.stay')).toBe('SAGA_KENNEL_STAY_ARN');
      expect(env.SAGA_KENNEL_STAY_ARN).toEqual(stateMachineArn);
      const statements = statementsOfFunction(at.resources, id).filter((s) =>
        [s.Action].flat().some((action) => action.startsWith('states:')),
      );
      expect(statements).toEqual([
        { Sid: 'StartSagas', Effect: 'Allow', Action: 'states:StartExecution', Resource: stateMachineArn },
        {
          Sid: 'SagaExecutions',
          Effect: 'Allow',
          Action: ['states:DescribeExecution', 'states:StopExecution'],
          Resource: executionsArn,
        },
      ]);
    },
  );

  it('references the state machine by name only, so a step that starts its own saga makes no dependency cycle', () => {
    const [machineId] = stateMachine();
    const task = fnOf('kennel', 'reserveRun');
    const { at, id } = task;
    const roleId = (at.resources[id]!.Properties!.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    // Neither names it, not even through a parameter of their nested stack (read as the Api stack passes it).
    for (const resource of [at.resources[id], at.resources[roleId]])
      expect(JSON.stringify(fromParent(at, resource))).not.toContain(machineId);
    // …while the state machine does reference the function.
    expect(JSON.stringify(resources[machineId])).toContain(JSON.stringify(arnInApiStack(task)));
  });

  it('only the functions that declare it: others get neither the variable nor states:StartExecution', () => {
    for (const [domain, name] of [
      ['kennel', 'releaseRun'],
      ['wallet', 'takeDeposit'],
    ] as const) {
      const { at, id, resource: fn } = fnOf(domain, name);
      expect(JSON.stringify(fn.Properties!.Environment)).not.toContain('SAGA_');
      expect(allowedActions(statementsOfFunction(at.resources, id)).has('states:StartExecution')).toBe(false);
    }
  });

  it('builds the same ARNs in access.ts, and needs the stage prefix and a scope', () => {
    const stack = new Stack(new App({ outdir: testOutdir() }), 'S', {
      env: { region: 'ap-southeast-3', account: '123456789012' },
    });
    const r = { stateMachineNamePrefix: 'petpro-test-' };
    const access = { sagas: ['kennel.stay', 'booking.booking', 'kennel.stay'] } as const;
    const arn = (rest: string) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:states:ap-southeast-3:123456789012:${rest}`]],
    });
    expect(stack.resolve(accessEnvironment(access, r, stack))).toEqual({
      SAGA_KENNEL_STAY_ARN: arn('stateMachine:petpro-test-kennel-stay'),
      SAGA_BOOKING_BOOKING_ARN: arn('stateMachine:petpro-test-booking-booking'),
    });
    expect(accessStatements(stack, access, r).map((s) => stack.resolve(s.toStatementJson()))).toEqual([
      {
        Sid: 'StartSagas',
        Effect: 'Allow',
        Action: 'states:StartExecution',
        Resource: [arn('stateMachine:petpro-test-booking-booking'), arn('stateMachine:petpro-test-kennel-stay')],
      },
      {
        Sid: 'SagaExecutions',
        Effect: 'Allow',
        Action: ['states:DescribeExecution', 'states:StopExecution'],
        Resource: [arn('execution:petpro-test-booking-booking:*'), arn('execution:petpro-test-kennel-stay:*')],
      },
    ]);
    expect(() => accessStatements(stack, access, {})).toThrow(/sagas access/);
    expect(() => accessEnvironment(access, {}, stack)).toThrow(/sagas access/);
    expect(() => accessEnvironment(access, r)).toThrow(/scope/);
  });
});

describe('synth fails on an inconsistent saga', () => {
  it('an unknown saga in access.sagas', () => {
    const manifests = withKennel((kennel) => ({
      ...kennel,
      routes: { startStay: { ...kennel.routes.startStay!, access: { sagas: ['kennel.nap'] } } },
    }));
    expect(() => buildTestApp(manifests)).toThrow(
      /kennel routes startStay: access\.sagas names 'kennel\.nap', which no manifest declares \(sagas: kennel\.stay\)/,
    );
  });

  it("a placeholder in the ASL that is not one of the saga's tasks", () => {
    const manifests = withKennel((kennel) => {
      const { TakeDeposit: _dropped, ...tasks } = staySaga(kennel).tasks;
      return { ...kennel, sagas: { stay: { ...staySaga(kennel), tasks } } };
    });
    expect(() => buildTestApp(manifests)).toThrow(
      /saga kennel\.stay: \$\{TakeDeposit\} in stay\.asl\.json is not one of its tasks/,
    );
  });

  it('a task the ASL does not use', () => {
    const manifests = withKennel((kennel) => ({
      ...kennel,
      sagas: { stay: { ...staySaga(kennel), tasks: { ...staySaga(kennel).tasks, Groom: 'kennel.releaseRun' } } },
    }));
    expect(() => buildTestApp(manifests)).toThrow(
      /saga kennel\.stay: task Groom \(kennel\.releaseRun\) is not used in stay\.asl\.json/,
    );
  });

  it('a task of a domain the app does not have', () => {
    const manifests = fixtures.filter((loaded) => loaded.manifest.domain === 'kennel');
    expect(() => buildTestApp(manifests)).toThrow(
      /task TakeDeposit is wallet\.takeDeposit, which no manifest offers \(there is no domain 'wallet'\)/,
    );
  });
});
