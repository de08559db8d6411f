import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { LoadedManifest } from '#shared/manifest/registry.ts';
import { assertValidSagas, sagaDefinitionPath, splitRef } from '#shared/manifest/sagas.ts';
import { sagaStateMachineName } from '#shared/manifest/types.ts';
import type { FunctionDefaults } from './function.ts';
import { acknowledgeWildcardResources } from './nag.ts';

export interface SagaStateMachinesProps {
  manifests: readonly LoadedManifest[];
  /** The built domains by name: their `tasks` are the functions the sagas invoke. */
  domains: Readonly<Record<string, { tasks: Readonly<Record<string, { function: IFunction }>> }>>;
  /** The stage's state machine name prefix (infra/config.ts stateMachineNamePrefix). */
  namePrefix: string;
  defaults: FunctionDefaults;
}

/**
 * Every manifest saga as a Standard state machine (ARCHITECTURE §5, docs/decisions/0014): the
 * domain's ASL file (`DefinitionBody.fromFile`), each `${Placeholder}` substituted with the ARN of
 * the task function it names, the role allowed to invoke exactly those functions.
 *
 * Logging: level ALL without execution data. Inputs and outputs carry customers' names, emails and
 * payment details, which must not be copied into logs; ALL still records every state entered,
 * exited, retried or failed (with error names), which is what one needs to follow a saga, and AWS
 * guidance (cdk-nag AwsSolutions-SF1) holds without an exception. X-Ray tracing is on.
 *
 * The functions that start a saga get its ARN from its name (access.ts sagaArns), not from here.
 */
export class SagaStateMachines extends Construct {
  /** By `<domain>.<saga>`. */
  readonly stateMachines: Record<string, StateMachine> = {};

  constructor(scope: Construct, id: string, props: SagaStateMachinesProps) {
    super(scope, id);
    assertValidSagas(props.manifests);

    for (const loaded of props.manifests) {
      const { domain } = loaded.manifest;
      for (const [saga, spec] of Object.entries(loaded.manifest.sagas ?? {})) {
        const owner = new Construct(this, `${domain}-${saga}`);
        const tasks = Object.entries(spec.tasks).map(([placeholder, ref]) => {
          const [taskDomain, task] = splitRef(ref);
          const fn = props.domains[taskDomain]?.tasks[task]?.function;
          if (!fn)
            throw new Error(
              `saga ${domain}.${saga}: \${${placeholder}} is ${ref}, but no function was built for it (is ${taskDomain} among the app's domains, with a task '${task}'?)`,
            );
          return [placeholder, fn] as const;
        });

        const logGroup = new LogGroup(owner, 'Logs', {
          retention: props.defaults.logRetention,
          removalPolicy: props.defaults.removalPolicy,
        });
        const stateMachine = new StateMachine(owner, 'StateMachine', {
          stateMachineName: sagaStateMachineName(props.namePrefix, domain, saga),
          stateMachineType: StateMachineType.STANDARD,
          definitionBody: DefinitionBody.fromFile(sagaDefinitionPath(loaded, spec)),
          definitionSubstitutions: Object.fromEntries(tasks.map(([placeholder, fn]) => [placeholder, fn.functionArn])),
          logs: { destination: logGroup, level: LogLevel.ALL, includeExecutionData: false },
          tracingEnabled: true,
        });
        for (const fn of new Set(tasks.map(([, fn]) => fn))) fn.grantInvoke(stateMachine);

        acknowledgeWildcardResources(owner, [
          {
            action: 'lambda:InvokeFunction',
            reason: `grantInvoke adds <function ARN>:* (its versions and aliases) next to each function: only the task functions the ${domain}.${saga} saga names.`,
          },
          {
            action: 'logs:CreateLogDelivery',
            reason:
              'Step Functions log delivery (CreateLogDelivery, PutResourcePolicy, DescribeLogGroups, ...) does not support resource-level permissions: AWS documents Resource "*". Added by CDK for the state machine\'s own log group.',
          },
          {
            action: 'xray:PutTraceSegments',
            reason:
              'X-Ray PutTraceSegments/PutTelemetryRecords/GetSampling* have no resource ARN (AWS documents Resource "*"); needed for tracing the saga.',
          },
        ]);
        this.stateMachines[`${domain}.${saga}`] = stateMachine;
      }
    }
  }
}
