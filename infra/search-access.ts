import { Duration, Fn } from 'aws-cdk-lib';
import { Policy, PolicyStatement, type IRole } from 'aws-cdk-lib/aws-iam';
import { Architecture } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IDomain } from 'aws-cdk-lib/aws-opensearchservice';
import { Trigger } from 'aws-cdk-lib/triggers';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { REPO_ROOT } from '#shared/manifest/registry.ts';
import { ENV } from '#shared/config/env.ts';
import { bundlingOptions, LAMBDA_RUNTIME, type FunctionDefaults } from './function.ts';
import { acknowledge, acknowledgeWildcardResources } from './nag.ts';

export interface SearchAccessProps {
  domain: IDomain;
  /** The domain's fine-grained-access master role; the mapping function runs as it. */
  adminRole: IRole;
  /** Roles of the functions whose manifest access says `search: 'read'` / `'readwrite'`. */
  readRoles: IRole[];
  writeRoles: IRole[];
  defaults: FunctionDefaults;
}

/**
 * After each deployment, maps the search functions' IAM roles to OpenSearch roles (read, or
 * read + write + index management on the PetPro indexes), so fine-grained access control lets
 * them in with nothing done by hand. Re-runs whenever the set of roles changes.
 */
export class SearchAccess extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: SearchAccessProps) {
    super(scope, id);
    const logGroup = new LogGroup(this, 'Logs', {
      retention: props.defaults.logRetention,
      removalPolicy: props.defaults.removalPolicy,
    });
    const arns = (roles: IRole[]) =>
      roles.length
        ? Fn.join(
            ',',
            roles.map((role) => role.roleArn),
          )
        : '';
    this.function = new NodejsFunction(this, 'Function', {
      entry: fileURLToPath(new URL('./search-access-handler.ts', import.meta.url)),
      handler: 'handler',
      runtime: LAMBDA_RUNTIME,
      architecture: Architecture.ARM_64,
      timeout: Duration.minutes(2),
      description: 'Maps the search functions roles to OpenSearch roles (fine-grained access), after each deployment',
      role: props.adminRole,
      logGroup,
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      bundling: bundlingOptions(),
      environment: {
        [ENV.searchEndpoint]: `https://${props.domain.domainEndpoint}`,
        SEARCH_READ_ROLE_ARNS: arns(props.readRoles),
        SEARCH_WRITE_ROLE_ARNS: arns(props.writeRoles),
      },
    });
    // A policy of this stack on the Data stack's role (a statement on the role itself would make the Data stack depend on this one).
    const logs = new Policy(this, 'LogsPolicy', {
      roles: [props.adminRole],
      statements: [
        new PolicyStatement({
          sid: 'SearchAccessLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [logGroup.logGroupArn, `${logGroup.logGroupArn}:*`],
        }),
      ],
    });
    this.function.node.addDependency(logs);
    acknowledgeWildcardResources(this, [
      {
        sid: 'SearchAccessLogs',
        reason: "Log events are written to streams <log group ARN>:*; only this function's own log group.",
      },
    ]);
    new Trigger(this, 'AfterDeploy', {
      handler: this.function,
      executeOnHandlerChange: true,
      timeout: Duration.minutes(3),
    });
    acknowledge(
      this.function,
      'AwsSolutions-L1',
      'Node 22 is the pinned runtime of the whole project (see PetProFunction).',
    );
  }
}
