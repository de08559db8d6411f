import { Arn, ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import { Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IDomain } from 'aws-cdk-lib/aws-opensearchservice';
import type { Construct } from 'constructs';
import { ENV, type PaymentProviderUrls } from '#shared/config/env.ts';
import { tableDefinition } from '#shared/table/definition.ts';
import { sagaArnEnv, sagaStateMachineName, type Access, type UserPoolAction } from '#shared/manifest/types.ts';
import { splitRef } from '#shared/manifest/sagas.ts';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IScheduleGroup } from 'aws-cdk-lib/aws-scheduler';

/**
 * A manifest's `access` → environment variables and least-privilege IAM statements.
 * Nothing here knows about domains: every function (route, subscription, trigger, forwarder)
 * goes through the same two functions.
 */

/** What a function may be pointed at. Absent members cannot be granted (the function fails synth). */
export interface PlatformResources {
  table?: ITableV2;
  bus?: IEventBus;
  uploads?: IBucket;
  /**
   * Absent for Cognito triggers: the pool references them, so they cannot reference the pool
   * (the event carries `userPoolId`; IAM then names pools of this account and region).
   */
  userPool?: IUserPool;
  userPoolClient?: IUserPoolClient;
  emailFrom?: string;
  /** Twilio credentials of the WhatsApp sender (messaging). */
  whatsappSecret?: ISecret;
  /** Provider API base URLs by env name (providerSecrets). */
  paymentProviderUrls?: PaymentProviderUrls;
  /** Where payment pages send the customer back (providerSecrets). */
  paymentReturnUrl?: string;
  /** Provider keys (providerSecrets). */
  midtransSecret?: ISecret;
  xenditSecret?: ISecret;
  biteshipSecret?: ISecret;
  /** The key pagination cursors are sealed with (functions that read the table or search). */
  cursorKey?: ISecret;
  /** The OpenSearch domain (search access). */
  search?: IDomain;
  /** Every state machine of the platform is named with this prefix (sagaCallbacks and sagas access). */
  stateMachineNamePrefix?: string;
  apiBaseUrl?: string;
  /** The one-time schedules' group and the role Scheduler assumes to put their events on the bus (oneTimeSchedules). */
  oneTimeSchedules?: { group: IScheduleGroup; role: IRole };
}

export const TABLE_READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'] as const;
/**
 * Writes. There is no IAM action for TransactWriteItems: a transaction is authorised per item
 * by PutItem/UpdateItem/DeleteItem, and its ConditionCheck parts by ConditionCheckItem.
 */
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** _search is a POST, so reading needs POST too; HEAD and GET read documents and indexes. */
export const SEARCH_READ_ACTIONS = ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost'] as const;
/** Indexing (PUT /<index>/_doc/<id>), removal, and creating/deleting indexes (reset). */
export const SEARCH_WRITE_ACTIONS = ['es:ESHttpPut', 'es:ESHttpDelete'] as const;

/** Called by the API with the app client and no IAM (Cognito's public, unauthenticated API). */
export const PUBLIC_USER_POOL_ACTIONS: ReadonlySet<UserPoolAction> = new Set<UserPoolAction>([
  'SignUp',
  'ConfirmSignUp',
  'InitiateAuth',
  'RespondToAuthChallenge',
  'RevokeToken',
]);

type Provider = NonNullable<Access['providerSecrets']>[number];

/** Per provider: its env variable, its resource and the statement sid of its grant. */
const PROVIDER_SECRETS = {
  midtrans: {
    env: ENV.midtransSecretId,
    resource: 'midtransSecret',
    sid: 'MidtransKeys',
    label: 'the Midtrans secret',
  },
  xendit: { env: ENV.xenditSecretId, resource: 'xenditSecret', sid: 'XenditKeys', label: 'the Xendit secret' },
  biteship: {
    env: ENV.biteshipSecretId,
    resource: 'biteshipSecret',
    sid: 'BiteshipKeys',
    label: 'the Biteship secret',
  },
} as const satisfies Record<Provider, { env: string; resource: keyof PlatformResources; sid: string; label: string }>;

function providerSecret(
  provider: Provider,
  resources: PlatformResources,
): { secret: ISecret; env: string; sid: string } {
  const { env, resource, sid, label } = PROVIDER_SECRETS[provider];
  return { secret: need(resources[resource], label, `${provider} provider secret`), env, sid };
}

function need<T>(value: T | undefined, what: string, wanted: string): T {
  if (value === undefined)
    throw new Error(`${wanted} is declared in the manifest but ${what} is not available to this function`);
  return value;
}

/**
 * A saga's state machine ARN and the ARN pattern of its executions, from the state machine's name
 * (sagaStateMachineName), never from the StateMachine construct: a saga step that starts its own
 * saga would otherwise reference the state machine that references it (a dependency cycle).
 */
export function sagaArns(
  scope: Construct,
  prefix: string,
  saga: `${string}.${string}`,
): { stateMachine: string; executions: string } {
  const name = sagaStateMachineName(prefix, ...splitRef(saga));
  const stack = Stack.of(scope);
  return {
    stateMachine: stack.formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: name,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }),
    executions: stack.formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${name}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }),
  };
}

/**
 * Environment variables for what `access` needs (names from shared/config/env.ts). `scope` (the
 * function) is needed only for `sagas`, whose ARNs are formatted for its stack.
 */
export function accessEnvironment(
  access: Access,
  resources: PlatformResources,
  scope?: Construct,
): Record<string, string> {
  const env: Record<string, string> = {};
  if (access.table) env[ENV.tableName] = need(resources.table, 'the table', 'table access').tableName;
  // A dynamic reference, resolved by CloudFormation at deploy: no Secrets Manager call per cold start (decision 0024).
  if ((access.table || access.search) && resources.cursorKey)
    env[ENV.cursorKey] = resources.cursorKey.secretValue.unsafeUnwrap();
  if (access.uploads)
    env[ENV.uploadsBucket] = need(resources.uploads, 'the uploads bucket', 'uploads access').bucketName;
  if (access.userPool?.length && resources.userPool) {
    env[ENV.userPoolId] = resources.userPool.userPoolId;
    if (resources.userPoolClient) env[ENV.userPoolClientId] = resources.userPoolClient.userPoolClientId;
  }
  if (access.messaging?.includes('email'))
    env[ENV.emailFrom] = need(resources.emailFrom, 'a sender address', 'email messaging');
  if (access.messaging?.includes('whatsapp'))
    env[ENV.whatsappSecretId] = need(resources.whatsappSecret, 'the WhatsApp secret', 'WhatsApp messaging').secretArn;
  for (const provider of new Set(access.providerSecrets)) {
    const { secret, env: name } = providerSecret(provider, resources);
    env[name] = secret.secretArn;
    Object.assign(env, resources.paymentProviderUrls?.[provider]);
    if (resources.paymentReturnUrl && provider !== 'biteship') env[ENV.paymentReturnUrl] = resources.paymentReturnUrl;
  }
  if (access.eventBus) env[ENV.eventBusName] = need(resources.bus, 'the event bus', 'eventBus access').eventBusName;
  if (access.search) {
    env[ENV.searchEngine] = 'opensearch';
    env[ENV.searchEndpoint] = `https://${need(resources.search, 'the search domain', 'search access').domainEndpoint}`;
  }
  for (const saga of new Set(access.sagas)) {
    const prefix = need(resources.stateMachineNamePrefix, 'the state machine name prefix', 'sagas access');
    if (!scope)
      throw new Error('sagas access: accessEnvironment needs the function as scope to format state machine ARNs');
    env[sagaArnEnv(saga)] = sagaArns(scope, prefix, saga).stateMachine;
  }
  if (access.oneTimeSchedules) {
    const { group, role } = need(resources.oneTimeSchedules, 'the one-time schedule group', 'oneTimeSchedules access');
    env[ENV.oneTimeScheduleGroup] = group.scheduleGroupName;
    env[ENV.oneTimeScheduleRoleArn] = role.roleArn;
    env[ENV.eventBusArn] = need(resources.bus, 'the event bus', 'oneTimeSchedules access').eventBusArn;
  }
  if (resources.apiBaseUrl) env[ENV.apiBaseUrl] = resources.apiBaseUrl;
  return env;
}

/** The table and each of its declared indexes (no `index/*` wildcard). */
export function tableResourceArns(table: ITableV2): string[] {
  return [
    table.tableArn,
    ...Object.keys(tableDefinition.globalIndexes).map((index) => `${table.tableArn}/index/${index}`),
  ];
}

/** SES identities a sender address can be verified as: the address itself and its domain. */
export function sesIdentityArns(scope: Construct, emailFrom: string): string[] {
  const domain = emailFrom.slice(emailFrom.indexOf('@') + 1);
  const stack = Stack.of(scope);
  return [emailFrom, domain].map((identity) =>
    stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity }),
  );
}

/** ARN pattern for user pools of this account and region (Cognito triggers only; see PlatformResources). */
export function userPoolsOfAccountArn(): string {
  return Arn.format({
    partition: Aws.PARTITION,
    service: 'cognito-idp',
    region: Aws.REGION,
    account: Aws.ACCOUNT_ID,
    resource: 'userpool',
    resourceName: '*',
  });
}

/** Least-privilege statements for `access`. */
export function accessStatements(scope: Construct, access: Access, resources: PlatformResources): PolicyStatement[] {
  const statements: PolicyStatement[] = [];

  if (access.table) {
    const table = need(resources.table, 'the table', 'table access');
    const actions =
      access.table === 'readwrite' ? [...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS] : [...TABLE_READ_ACTIONS];
    statements.push(new PolicyStatement({ sid: 'Table', actions, resources: tableResourceArns(table) }));
  }

  if (access.uploads) {
    const bucket = need(resources.uploads, 'the uploads bucket', 'uploads access');
    const actions = access.uploads === 'readwrite' ? ['s3:GetObject', 's3:PutObject'] : ['s3:GetObject'];
    statements.push(new PolicyStatement({ sid: 'Uploads', actions, resources: [bucket.arnForObjects('*')] }));
  }

  const poolActions = (access.userPool ?? []).filter((action) => !PUBLIC_USER_POOL_ACTIONS.has(action));
  if (poolActions.length > 0) {
    const poolArn = resources.userPool ? resources.userPool.userPoolArn : userPoolsOfAccountArn();
    statements.push(
      new PolicyStatement({
        sid: 'UserPool',
        actions: [...new Set(poolActions)].sort().map((action) => `cognito-idp:${action}`),
        resources: [poolArn],
      }),
    );
  }

  const channels = access.messaging ?? [];
  if (channels.includes('email')) {
    const emailFrom = need(resources.emailFrom, 'a sender address', 'email messaging');
    statements.push(
      new PolicyStatement({
        sid: 'SendEmail',
        actions: ['ses:SendEmail'],
        resources: sesIdentityArns(scope, emailFrom),
      }),
    );
  }
  if (channels.includes('sms')) {
    // SMS goes to phone numbers, which have no ARN; publishing to topics is denied below.
    statements.push(new PolicyStatement({ sid: 'SendSms', actions: ['sns:Publish'], resources: ['*'] }));
    statements.push(
      new PolicyStatement({
        sid: 'NoTopics',
        effect: Effect.DENY,
        actions: ['sns:Publish'],
        resources: [Arn.format({ partition: Aws.PARTITION, service: 'sns', region: '*', account: '*', resource: '*' })],
      }),
    );
  }
  if (channels.includes('whatsapp')) {
    const whatsapp = need(resources.whatsappSecret, 'the WhatsApp secret', 'WhatsApp messaging');
    statements.push(
      new PolicyStatement({
        sid: 'WhatsAppCredentials',
        actions: ['secretsmanager:GetSecretValue'],
        resources: [whatsapp.secretArn],
      }),
    );
  }

  for (const provider of new Set(access.providerSecrets)) {
    const { secret, sid } = providerSecret(provider, resources);
    statements.push(
      new PolicyStatement({ sid, actions: ['secretsmanager:GetSecretValue'], resources: [secret.secretArn] }),
    );
  }

  if (access.search) {
    const domain = need(resources.search, 'the search domain', 'search access');
    const actions =
      access.search === 'readwrite' ? [...SEARCH_READ_ACTIONS, ...SEARCH_WRITE_ACTIONS] : [...SEARCH_READ_ACTIONS];
    // HTTP actions are authorised on <domain ARN>/<path>; the domain itself is not a path.
    statements.push(new PolicyStatement({ sid: 'Search', actions, resources: [`${domain.domainArn}/*`] }));
  }

  if (access.eventBus) {
    const bus = need(resources.bus, 'the event bus', 'eventBus access');
    statements.push(
      new PolicyStatement({ sid: 'PutEvents', actions: ['events:PutEvents'], resources: [bus.eventBusArn] }),
    );
  }

  if (access.sagaCallbacks) {
    const prefix = need(resources.stateMachineNamePrefix, 'the state machine name prefix', 'sagaCallbacks access');
    // A task token names no state machine; the grant is every state machine of this stage (by name).
    statements.push(
      new PolicyStatement({
        sid: 'SagaCallbacks',
        actions: ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'],
        resources: [
          Arn.format({
            partition: Aws.PARTITION,
            service: 'states',
            region: Aws.REGION,
            account: Aws.ACCOUNT_ID,
            resource: 'stateMachine',
            resourceName: `${prefix}*`,
            arnFormat: ArnFormat.COLON_RESOURCE_NAME,
          }),
        ],
      }),
    );
  }

  const sagas = [...new Set(access.sagas)].sort();
  if (sagas.length > 0) {
    const prefix = need(resources.stateMachineNamePrefix, 'the state machine name prefix', 'sagas access');
    const arns = sagas.map((saga) => sagaArns(scope, prefix, saga));
    statements.push(
      new PolicyStatement({
        sid: 'StartSagas',
        actions: ['states:StartExecution'],
        resources: arns.map((arn) => arn.stateMachine),
      }),
    );
    // Executions of those state machines only: arn:…:execution:<state machine name>:<execution name>.
    statements.push(
      new PolicyStatement({
        sid: 'SagaExecutions',
        actions: ['states:DescribeExecution', 'states:StopExecution'],
        resources: arns.map((arn) => arn.executions),
      }),
    );
  }

  if (access.oneTimeSchedules) {
    const { group, role } = need(resources.oneTimeSchedules, 'the one-time schedule group', 'oneTimeSchedules access');
    // Schedules of the one group only (arn:…:schedule/<group>/<name>); Scheduler itself holds PutEvents (the role).
    statements.push(
      new PolicyStatement({
        sid: 'OneTimeSchedules',
        actions: [
          'scheduler:CreateSchedule',
          'scheduler:DeleteSchedule',
          'scheduler:GetSchedule',
          'scheduler:UpdateSchedule',
        ],
        resources: [
          Arn.format({
            partition: Aws.PARTITION,
            service: 'scheduler',
            region: Aws.REGION,
            account: Aws.ACCOUNT_ID,
            resource: 'schedule',
            resourceName: `${group.scheduleGroupName}/*`,
          }),
        ],
      }),
    );
    statements.push(
      new PolicyStatement({
        sid: 'PassSchedulerRole',
        actions: ['iam:PassRole'],
        resources: [role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
  }

  return statements;
}
