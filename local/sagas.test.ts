import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadManifests,
  localTaskFunctionName,
  REPO_ROOT,
  taskHandlersByFunctionName,
  type LoadedManifest,
} from '#shared/manifest/registry.ts';
import { sagaArnEnv } from '#shared/manifest/types.ts';
import { createLocalSagas } from './sagas.ts';
import { startStepFunctions, type LocalStepFunctions } from './step-functions.ts';
import { freePort } from './ports.ts';
import { invoke, loadHandler } from './lambda.ts';
import { reservations } from '../infra/fixtures/sagas/kennel/tasks/reserve-run.ts';
import { releases } from '../infra/fixtures/sagas/kennel/tasks/release-run.ts';

/**
 * The manifests' sagas on the local Step Functions service, with the fixture domains CDK's test
 * deploys (infra/fixtures/sagas): kennel.stay runs kennel's tasks and wallet.takeDeposit, which
 * answers its own task token; the kennel route handler starts it through @aws-sdk/client-sfn.
 */
const FIXTURES = join(REPO_ROOT, 'infra/fixtures/sagas');
const ARN = 'arn:aws:states:ap-southeast-3:000000000000:stateMachine:petpro-local-kennel-stay';
const taskFunctionArn = (domain: string, task: string) =>
  `arn:aws:lambda:ap-southeast-3:000000000000:function:${localTaskFunctionName(domain, task)}`;

let fixtures: LoadedManifest[];
let sfn: LocalStepFunctions;
let env: Record<string, string>;

beforeAll(async () => {
  fixtures = await loadManifests(FIXTURES);
  const handlers = taskHandlersByFunctionName(fixtures);
  // Import before any clock starts: a first import can take seconds on a busy machine.
  for (const file of handlers.values()) await loadHandler(file);
  sfn = await startStepFunctions({
    port: await freePort(),
    // Retry intervals in tens of milliseconds; the callback step answers at once.
    timeScale: 0.01,
    resolveFunction: (ref) => handlers.get(ref.replace(/^arn:[^:]+:lambda:[^:]+:\d{12}:function:/, '')),
  });
  vi.stubEnv('AWS_ENDPOINT_URL_SFN', sfn.endpoint);
  vi.stubEnv('AWS_REGION', 'ap-southeast-3');
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'x');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'x');
  env = createLocalSagas({ manifests: fixtures, stepFunctions: sfn, taskFunctionArn });
}, 60_000);

afterAll(async () => {
  delete process.env[sagaArnEnv('kennel.stay')];
  vi.unstubAllEnvs();
  await sfn?.stop();
});

async function startStay(stayId: string, scenario: string) {
  const reply = (await invoke(
    join(FIXTURES, 'kennel/handlers/start-stay.ts'),
    { body: JSON.stringify({ stayId, petName: 'Mochi', scenario }) },
    'kennel-startStay',
  )) as { body: string };
  const { executionArn } = JSON.parse(reply.body) as { executionArn: string };
  const deadline = Date.now() + 20_000;
  for (;;) {
    const execution = sfn.describeExecution(executionArn);
    if (execution && execution.status !== 'RUNNING')
      return { ...execution, result: JSON.parse(execution.output ?? 'null') as unknown };
    if (Date.now() > deadline) throw new Error(`${executionArn} is still running`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('local sagas', { timeout: 30_000 }, () => {
  it('creates each manifest saga as petpro-local-<domain>-<saga> and puts its ARN in SAGA_<DOMAIN>_<SAGA>_ARN', () => {
    expect(env).toEqual({ SAGA_KENNEL_STAY_ARN: ARN });
    expect(process.env.SAGA_KENNEL_STAY_ARN).toBe(ARN);
  });

  it("substitutes every placeholder of the ASL file with the task's local function ARN, nothing else", () => {
    const created: [string, string][] = [];
    createLocalSagas({
      manifests: fixtures,
      taskFunctionArn,
      stepFunctions: { createStateMachine: (name, definition) => (created.push([name, definition]), ARN) },
    });
    const asl = readFileSync(join(FIXTURES, 'kennel/stay.asl.json'), 'utf8');
    expect(created).toEqual([
      [
        'petpro-local-kennel-stay',
        asl
          .replace('${ReserveRun}', 'arn:aws:lambda:ap-southeast-3:000000000000:function:kennel-reserveRun')
          .replace('${TakeDeposit}', 'arn:aws:lambda:ap-southeast-3:000000000000:function:wallet-takeDeposit')
          .replace('${ReleaseRun}', 'arn:aws:lambda:ap-southeast-3:000000000000:function:kennel-releaseRun'),
      ],
    ]);
    expect(created[0]![1]).not.toContain('${');
  });

  it("a handler starts the saga with the SDK; it runs the domains' real task handlers, the callback step included", async () => {
    const execution = await startStay('stay-1', 'ok');
    expect(execution).toMatchObject({ status: 'SUCCEEDED', stateMachineArn: ARN, name: 'stay-1' });
    expect(execution.result).toEqual({
      status: 'BOOKED',
      stayId: 'stay-1',
      runId: 'run-stay-1',
      deposit: { depositId: 'dep-stay-1' },
    });
    expect(reservations).toContainEqual({ stayId: 'stay-1', petName: 'Mochi' });
  });

  it('compensates when the callback step fails', async () => {
    const execution = await startStay('stay-2', 'declined');
    expect(execution.result).toEqual({ status: 'CANCELLED', stayId: 'stay-2', error: 'Deposit.Declined' });
    expect(releases).toContain('run-stay-2');
  });

  it('a step that fails to be invoked once is retried by the ASL (fault injection)', async () => {
    sfn.injectFault(taskFunctionArn('kennel', 'reserveRun'), { times: 1 });
    const execution = await startStay('stay-3', 'ok');
    expect(execution.status).toBe('SUCCEEDED');
    expect(reservations.filter((reservation) => reservation.stayId === 'stay-3')).toHaveLength(1);
  });

  it('refuses an inconsistent saga before creating anything', () => {
    const broken = fixtures.map((loaded) =>
      loaded.manifest.domain === 'kennel'
        ? {
            ...loaded,
            manifest: {
              ...loaded.manifest,
              sagas: { stay: { ...loaded.manifest.sagas!.stay!, tasks: { ReserveRun: 'kennel.reserveRun' as const } } },
            },
          }
        : loaded,
    );
    const createStateMachine = vi.fn(() => ARN);
    expect(() =>
      createLocalSagas({ manifests: broken, taskFunctionArn, stepFunctions: { createStateMachine } }),
    ).toThrow(/\$\{TakeDeposit\} in stay\.asl\.json is not one of its tasks/);
    expect(createStateMachine).not.toHaveBeenCalled();
  });
});
