import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { loadManifests, type LoadedManifest } from '#shared/manifest/registry.ts';
import { tableDefinition } from '#shared/table/definition.ts';
import { GROUPS } from '#shared/auth/groups.ts';
import { ENV } from '#shared/config/env.ts';
import type { Access } from '#shared/manifest/types.ts';
import type { PetProApp } from './build-app.ts';
import {
  buildTestApp,
  removeTestOutputs,
  allowedActions,
  apiTemplates,
  findResourcesIn,
  fromParent,
  functionIn,
  functionsFor,
  functionsIn,
  handlerRefs,
  hasResourcePropertiesIn,
  inParent,
  resourcesOfType,
  statementsOfFunction,
  type Resources,
  type StackTemplate,
} from './testing.ts';
import { DEFAULT_MAX_RECEIVE_COUNT, subscriptionPattern } from '#shared/manifest/patterns.ts';

let manifests: LoadedManifest[];
let dev: PetProApp;
let prod: PetProApp;
let devData: Template;
/** The Api stack's template, then its domains' nested stacks'. */
let api: StackTemplate[];
/** The Api stack's own template. */
let apiTop: StackTemplate;
let prodData: Template;

beforeAll(async () => {
  manifests = await loadManifests();
  dev = buildTestApp(manifests);
  devData = Template.fromStack(dev.data);
  api = apiTemplates(dev);
  apiTop = api[0]!;
  prod = buildTestApp(manifests, {
    stage: 'prod',
    emailFrom: 'no-reply@petpro.test',
    allowedOrigins: 'https://app.petpro.test,https://vendor.petpro.test',
  });
  prodData = Template.fromStack(prod.data);
});

afterAll(removeTestOutputs);

const routes = () =>
  manifests.flatMap((loaded) =>
    Object.entries(loaded.manifest.routes).map(([name, spec]) => ({ domain: loaded.manifest.domain, name, spec })),
  );
const subscriptions = () =>
  manifests.flatMap((loaded) =>
    Object.entries(loaded.manifest.subscriptions ?? {}).map(([name, spec]) => ({
      domain: loaded.manifest.domain,
      name,
      spec,
    })),
  );
const triggers = () =>
  manifests.flatMap((loaded) =>
    Object.entries(loaded.manifest.userPoolTriggers ?? {}).map(([name, spec]) => ({
      domain: loaded.manifest.domain,
      name,
      spec,
    })),
  );

/** The brief's IAM rules, written out independently of infra/access.ts. */
function expectedActions(access: Access): Set<string> {
  const actions = new Set(['logs:CreateLogStream', 'logs:PutLogEvents']);
  if (access.table) ['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:BatchGetItem'].forEach((a) => actions.add(a));
  if (access.table === 'readwrite')
    ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'].forEach((a) =>
      actions.add(a),
    );
  if (access.uploads) actions.add('s3:GetObject');
  if (access.uploads === 'readwrite') actions.add('s3:PutObject');
  const publicClientActions = ['SignUp', 'ConfirmSignUp', 'InitiateAuth', 'RespondToAuthChallenge', 'RevokeToken'];
  for (const action of access.userPool ?? [])
    if (!publicClientActions.includes(action)) actions.add(`cognito-idp:${action}`);
  if (access.messaging?.includes('email')) actions.add('ses:SendEmail');
  if (access.messaging?.includes('sms')) actions.add('sns:Publish');
  if (access.messaging?.includes('whatsapp')) actions.add('secretsmanager:GetSecretValue');
  if (access.providerSecrets?.length) actions.add('secretsmanager:GetSecretValue');
  if (access.eventBus) actions.add('events:PutEvents');
  if (access.search) ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost'].forEach((a) => actions.add(a));
  if (access.search === 'readwrite') ['es:ESHttpPut', 'es:ESHttpDelete'].forEach((a) => actions.add(a));
  if (access.sagaCallbacks)
    ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'].forEach((a) => actions.add(a));
  if (access.sagas?.length)
    ['states:StartExecution', 'states:DescribeExecution', 'states:StopExecution'].forEach((a) => actions.add(a));
  if (access.oneTimeSchedules)
    [
      'scheduler:CreateSchedule',
      'scheduler:DeleteSchedule',
      'scheduler:GetSchedule',
      'scheduler:UpdateSchedule',
      'iam:PassRole',
    ].forEach((a) => actions.add(a));
  return actions;
}

const sorted = (set: Set<string>) => [...set].sort();

describe('stateful stack', () => {
  it('creates the WhatsApp credentials secret with placeholders for the operator', () => {
    devData.hasResourceProperties('AWS::SecretsManager::Secret', {
      Name: 'petpro/dev/whatsapp',
      GenerateSecretString: {
        SecretStringTemplate: JSON.stringify({ accountSid: 'SET-ME', fromNumber: 'SET-ME' }),
        GenerateStringKey: 'authToken',
      },
    });
  });

  it('creates the Midtrans, Xendit and Biteship key secrets with empty placeholders, kept in prod like the WhatsApp one', () => {
    const placeholders = {
      midtrans: { serverKey: '', clientKey: '' },
      xendit: { secretKey: '', callbackToken: '' },
      biteship: { apiKey: '', webhookSecret: '' },
    };
    for (const [stage, template] of [
      ['dev', devData],
      ['prod', prodData],
    ] as const) {
      for (const [provider, keys] of Object.entries(placeholders)) {
        template.hasResource('AWS::SecretsManager::Secret', {
          Properties: Match.objectLike({
            Name: `petpro/${stage}/${provider}`,
            GenerateSecretString: { SecretStringTemplate: JSON.stringify(keys), GenerateStringKey: 'placeholder' },
          }),
          DeletionPolicy: stage === 'prod' ? 'Retain' : 'Delete',
        });
      }
      // + the generated pagination cursor key (no operator action).
      template.hasResourceProperties('AWS::SecretsManager::Secret', {
        Name: `petpro/${stage}/cursor-key`,
        GenerateSecretString: { PasswordLength: 64, ExcludePunctuation: true },
      });
      template.resourceCountIs('AWS::SecretsManager::Secret', 5);
    }
  });

  it('names the stacks PetPro-<stage>-Data and PetPro-<stage>-Api', () => {
    expect([dev.data.stackName, dev.api.stackName]).toEqual(['PetPro-dev-Data', 'PetPro-dev-Api']);
    expect([prod.data.stackName, prod.api.stackName]).toEqual(['PetPro-prod-Data', 'PetPro-prod-Api']);
    expect(dev.data.region).toBe('ap-southeast-3');
  });

  it('builds the table from tableDefinition', () => {
    const { partitionKey, sortKey, globalIndexes, timeToLiveAttribute, stream } = tableDefinition;
    const attributes = new Set<string>([
      partitionKey,
      sortKey,
      ...Object.values(globalIndexes).flatMap((i) => [i.partitionKey, i.sortKey]),
    ]);
    devData.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    devData.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: partitionKey, KeyType: 'HASH' },
        { AttributeName: sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayEquals(
        [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
      ),
      GlobalSecondaryIndexes: Object.entries(globalIndexes).map(([IndexName, index]) => ({
        IndexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      TimeToLiveSpecification: { AttributeName: timeToLiveAttribute, Enabled: true },
      StreamSpecification: { StreamViewType: stream },
      Replicas: [
        Match.objectLike({
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: false,
        }),
      ],
    });
    devData.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
  });

  it('protects the table and the user pool in prod', () => {
    prodData.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ Replicas: [Match.objectLike({ DeletionProtectionEnabled: true })] }),
    });
    prodData.hasResource('AWS::Cognito::UserPool', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ DeletionProtection: 'ACTIVE' }),
    });
    devData.hasResourceProperties('AWS::Cognito::UserPool', { DeletionProtection: 'INACTIVE' });
    expect(prod.data.terminationProtection).toBe(true);
  });

  it('refuses a prod build without a sender address or web origins', () => {
    expect(() => buildTestApp(manifests, { stage: 'prod', allowedOrigins: 'https://app.petpro.test' })).toThrow(
      /emailFrom/,
    );
    expect(() => buildTestApp(manifests, { stage: 'prod', emailFrom: 'a@petpro.test' })).toThrow(/allowedOrigins/);
  });

  it('creates the user pool: email or phone sign-in, self sign-up, no Cognito verification', () => {
    devData.hasResourceProperties('AWS::Cognito::UserPool', {
      UsernameAttributes: Match.arrayEquals(['email', 'phone_number']),
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: false },
      AutoVerifiedAttributes: [],
      SmsConfiguration: Match.absent(),
      Policies: {
        PasswordPolicy: {
          MinimumLength: 8,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: false,
        },
      },
      Schema: Match.arrayWith([
        Match.objectLike({ Name: 'name', Mutable: true }),
        Match.objectLike({ Name: 'locale', AttributeDataType: 'String', Mutable: true }),
      ]),
    });
  });

  it('creates one group per GROUPS entry', () => {
    devData.resourceCountIs('AWS::Cognito::UserPoolGroup', GROUPS.length);
    for (const group of GROUPS) devData.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: group });
  });

  it('creates the app client with password, custom auth and refresh, revocation and token lifetimes', () => {
    devData.resourceCountIs('AWS::Cognito::UserPoolClient', 1);
    devData.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      ExplicitAuthFlows: Match.arrayEquals([
        'ALLOW_USER_PASSWORD_AUTH',
        'ALLOW_CUSTOM_AUTH',
        'ALLOW_REFRESH_TOKEN_AUTH',
      ]),
      GenerateSecret: false,
      EnableTokenRevocation: true,
      PreventUserExistenceErrors: 'ENABLED',
      AccessTokenValidity: 60,
      RefreshTokenValidity: 30 * 24 * 60,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
      AllowedOAuthFlowsUserPoolClient: false,
    });
  });

  it('attaches every manifest user-pool trigger to the pool', () => {
    const resources = devData.toJSON().Resources as Resources;
    const lambdaConfig: Record<string, unknown> = {};
    for (const { domain, name, spec } of triggers()) {
      const found = functionsFor(resources, { domain, name });
      expect(found, `${domain}.${name}`).toHaveLength(1);
      lambdaConfig[spec.trigger] = { 'Fn::GetAtt': [found[0]![0], 'Arn'] };
      devData.hasResourceProperties('AWS::Lambda::Permission', {
        Action: 'lambda:InvokeFunction',
        Principal: 'cognito-idp.amazonaws.com',
        FunctionName: { 'Fn::GetAtt': [found[0]![0], 'Arn'] },
      });
    }
    expect(triggers().length).toBeGreaterThan(0);
    devData.hasResourceProperties('AWS::Cognito::UserPool', { LambdaConfig: lambdaConfig });
  });

  it('creates the event bus', () => {
    devData.hasResourceProperties('AWS::Events::EventBus', { Name: 'petpro-dev' });
  });

  it('keeps uploads encrypted, private, TLS-only, logged, with CORS for browser PUTs', () => {
    devData.resourceCountIs('AWS::S3::Bucket', 2);
    devData.allResourcesProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
    });
    devData.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      VersioningConfiguration: { Status: 'Enabled' },
      CorsConfiguration: {
        CorsRules: [
          Match.objectLike({ AllowedMethods: Match.arrayWith(['PUT']), AllowedOrigins: dev.config.allowedOrigins }),
        ],
      },
    });
    const policies = devData.findResources('AWS::S3::BucketPolicy', {
      Properties: {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Action: 's3:*',
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      },
    });
    expect(Object.keys(policies)).toHaveLength(2);
  });
});

describe('api stack', () => {
  it('runs each schedule on EventBridge Scheduler (Jakarta time), and the afterDeploy ones after every deployment', () => {
    let afterDeploy = 0;
    for (const { manifest } of manifests) {
      for (const [name, spec] of Object.entries(manifest.schedules ?? {})) {
        const { at, id } = functionIn(api, { domain: manifest.domain, name });
        at.template.hasResourceProperties('AWS::Scheduler::Schedule', {
          ScheduleExpression: spec.schedule,
          ScheduleExpressionTimezone: 'Asia/Jakarta',
          Target: Match.objectLike({
            Arn: { 'Fn::GetAtt': [id, 'Arn'] },
            RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
          }),
        });
        if (spec.afterDeploy) {
          afterDeploy += 1;
          // Started from the Api stack (the function's current version), once the search access
          // mapping has run and the state machines exist.
          const [versionId] = Object.entries(at.resources).find(
            ([, r]) =>
              r.Type === 'AWS::Lambda::Version' &&
              JSON.stringify(r.Properties?.FunctionName) === JSON.stringify({ Ref: id }),
          )!;
          const triggers = Object.values(
            apiTop.template.findResources('Custom::Trigger', {
              Properties: { HandlerArn: inParent(at, { Ref: versionId }) },
            }),
          );
          expect(triggers, `${manifest.domain}.${name}`).toHaveLength(1);
          const mapping = Object.keys(apiTop.template.findResources('Custom::Trigger')).filter((triggerId) =>
            triggerId.startsWith('SearchAccess'),
          );
          const stateMachines = Object.keys(apiTop.template.findResources('AWS::StepFunctions::StateMachine'));
          expect(mapping).toHaveLength(1);
          expect((triggers[0] as { DependsOn?: string[] }).DependsOn).toEqual(
            expect.arrayContaining([...mapping, ...stateMachines]),
          );
        }
      }
    }
    expect(afterDeploy).toBeGreaterThan(0);
    expect(resourcesOfType(api.slice(1), 'Custom::Trigger')).toEqual([]);
  });

  it("builds each saga task as a function with only its access; saga callbacks reach only this stage's state machines", () => {
    const tasks = manifests.flatMap(({ manifest }) =>
      Object.entries(manifest.tasks ?? {}).map(([name, spec]) => ({ domain: manifest.domain, name, spec })),
    );
    expect(tasks.map((task) => `${task.domain}.${task.name}`)).toEqual(
      expect.arrayContaining(['payments.startPayment', 'payments.cancelPayment']),
    );
    for (const { domain, name, spec } of tasks) {
      const found = functionsIn(api, { domain, name });
      expect(found, `${domain}.${name}`).toHaveLength(1);
      const { at, id, resource: fn } = found[0]!;
      expect(fn.Properties?.Timeout).toBe(30);
      expect(sorted(allowedActions(statementsOfFunction(at.resources, id)))).toEqual(
        sorted(expectedActions(spec.access)),
      );
      const callbacks = statementsOfFunction(at.resources, id).find((statement) => statement.Sid === 'SagaCallbacks');
      expect(Boolean(callbacks)).toBe(Boolean(spec.access.sagaCallbacks));
      if (callbacks) expect(JSON.stringify(callbacks.Resource)).toContain(':stateMachine:petpro-dev-*');
    }
  });

  it('throttles the routes whose manifest asks for it more tightly than the stage', () => {
    const throttled = manifests.flatMap(({ manifest }) =>
      Object.values(manifest.routes).filter((route) => route.throttle),
    );
    expect(throttled.length).toBeGreaterThan(0);
    const settings: Record<string, unknown> = {};
    for (const route of throttled)
      settings[`${route.method} ${route.path}`] = {
        ThrottlingRateLimit: route.throttle!.rateLimit,
        ThrottlingBurstLimit: route.throttle!.burstLimit,
      };
    apiTop.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { RouteSettings: settings });
    // API Gateway refuses settings for a route that does not exist yet: the stage waits for the
    // nested stacks that create the throttled routes.
    const [stage] = Object.values(apiTop.template.findResources('AWS::ApiGatewayV2::Stage')) as {
      DependsOn?: string[];
    }[];
    for (const route of throttled) {
      const [found] = findResourcesIn(api, 'AWS::ApiGatewayV2::Route', {
        Properties: { RouteKey: `${route.method} ${route.path}` },
      });
      expect(found?.at.parent, `${route.method} ${route.path}`).toBeDefined();
      expect(stage!.DependsOn).toContain(found!.at.parent!.logicalId);
    }
  });

  it('alarms to one encrypted topic: on every dead-letter queue, and on the log lines manifests name', () => {
    expect(resourcesOfType(api, 'AWS::SNS::Topic')).toHaveLength(1);
    apiTop.template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const topicId = resourcesOfType([apiTop], 'AWS::SNS::Topic')[0]!.id;
    const alarms = resourcesOfType(api, 'AWS::CloudWatch::Alarm');
    // A nested stack's alarm names the topic through a parameter: as the Api stack passes it.
    const notifiesTopic = ({ at, resource }: { at: StackTemplate; resource: Resources[string] }) =>
      JSON.stringify(fromParent(at, resource.Properties!.AlarmActions)).includes(topicId);
    const subscriptions = manifests.flatMap(({ manifest }) => Object.keys(manifest.subscriptions ?? {}));
    const deadLetterAlarms = alarms.filter(
      ({ resource }) => resource.Properties!.MetricName === 'ApproximateNumberOfMessagesVisible',
    );
    expect(deadLetterAlarms).toHaveLength(subscriptions.length);
    const logAlarms = manifests.flatMap(({ manifest }) =>
      Object.values(manifest.routes).flatMap((route) => route.logAlarms ?? []),
    );
    expect(logAlarms.length).toBeGreaterThan(0);
    for (const spec of logAlarms) {
      hasResourcePropertiesIn(api, 'AWS::Logs::MetricFilter', { FilterPattern: `{ $.message = "${spec.message}" }` });
      const alarm = alarms.find((candidate) => candidate.resource.Properties!.AlarmDescription === spec.description);
      expect(alarm?.resource.Properties).toMatchObject({
        Threshold: spec.atLeast,
        Period: spec.minutes * 60,
        Statistic: 'Sum',
      });
    }
    expect(alarms.every(notifiesTopic)).toBe(true);
  });

  it('has one function per manifest handler, nodejs22.x on arm64', () => {
    const dataResources = devData.toJSON().Resources as Resources;
    const refs = handlerRefs(manifests);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      const found =
        ref.kind === 'trigger'
          ? functionsFor(dataResources, ref).map(([, resource]) => resource)
          : functionsIn(api, ref).map(({ resource }) => resource);
      expect(found, `${ref.domain}.${ref.name}`).toHaveLength(1);
      expect(found[0]!.Properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
      });
    }
    // Api stack and its nested stacks: the manifests' routes, subscriptions, schedules and tasks +
    // the outbox forwarder + the search access mapping + the one provider CDK's triggers share
    // (all triggers are in the Api stack), nothing else.
    const stateless = refs.filter((ref) => ref.kind !== 'trigger').length + 3;
    const functions = resourcesOfType(api, 'AWS::Lambda::Function');
    expect(functions).toHaveLength(stateless);
    // CDK's trigger provider picks its own runtime.
    const ours = functions.filter(({ id }) => !id.startsWith('AWSCDKTriggerCustomResourceProvider'));
    expect(ours).toHaveLength(stateless - 1);
    for (const { resource } of ours)
      expect(resource.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
    // Data stack in prod (no auto-delete helper): exactly the triggers.
    prodData.resourceCountIs('AWS::Lambda::Function', refs.filter((ref) => ref.kind === 'trigger').length);
  });

  it('routes every manifest route (a GET also as HEAD); the JWT authorizer is on exactly the user routes', () => {
    const gets = routes().filter(({ spec }) => spec.method === 'GET').length;
    expect(resourcesOfType(api, 'AWS::ApiGatewayV2::Route')).toHaveLength(routes().length + gets);
    const authorizers = resourcesOfType(api, 'AWS::ApiGatewayV2::Authorizer');
    expect(authorizers.map(({ at }) => at.path)).toEqual([apiTop.path]);
    apiTop.template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
    });
    const [httpApi] = resourcesOfType([apiTop], 'AWS::ApiGatewayV2::Api');
    for (const { domain, name, spec } of routes()) {
      for (const method of spec.method === 'GET' ? ['GET', 'HEAD'] : [spec.method]) {
        const found = findResourcesIn(api, 'AWS::ApiGatewayV2::Route', {
          Properties: { RouteKey: `${method} ${spec.path}` },
        });
        expect(found, `${method} ${spec.path}`).toHaveLength(1);
        const { at } = found[0]!;
        const route = found[0]!.resource.Properties as Record<string, unknown>;
        // On the Api stack's HTTP API (a nested stack gets its id as a parameter).
        expect(fromParent(at, route.ApiId)).toEqual({ Ref: httpApi!.id });
        if (spec.auth === 'user') {
          expect(route.AuthorizationType).toBe('JWT');
          expect(fromParent(at, route.AuthorizerId)).toEqual({ Ref: authorizers[0]!.id });
          // Only access tokens carry this scope: API Gateway refuses ID tokens of the same client.
          expect(route.AuthorizationScopes).toEqual(['aws.cognito.signin.user.admin']);
        } else {
          expect(route.AuthorizationType ?? 'NONE').toBe('NONE');
          expect(route.AuthorizerId).toBeUndefined();
          expect(route.AuthorizationScopes).toBeUndefined();
        }
        // Route → integration → the function built for this route (all three in the domain's nested stack).
        const integrationId = JSON.stringify(route.Target).match(/"Ref":"([A-Za-z0-9]+)"/)?.[1];
        const uri = JSON.stringify(at.resources[integrationId!]?.Properties?.IntegrationUri);
        expect(uri).toContain(functionIn([at], { domain, name }).id);
      }
    }
  });

  it('grants each route exactly what its access declares', () => {
    for (const { domain, name, spec } of routes()) {
      const { at, id } = functionIn(api, { domain, name });
      expect(sorted(allowedActions(statementsOfFunction(at.resources, id))), `${domain}.${name}`).toEqual(
        sorted(expectedActions(spec.access)),
      );
    }
  });

  it('gives a read-only route no write permission', () => {
    const readOnly = routes().find(({ spec }) => spec.access.table === 'read' && !spec.access.uploads);
    expect(readOnly).toBeDefined();
    const { at, id } = functionIn(api, readOnly!);
    const statements = statementsOfFunction(at.resources, id);
    const actions = allowedActions(statements);
    expect(actions).toContain('dynamodb:GetItem');
    for (const write of [
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:DeleteItem',
      'dynamodb:BatchWriteItem',
      's3:PutObject',
    ])
      expect(actions).not.toContain(write);
    // Table and its named indexes, no wildcard.
    const table = statements.find((s) => s.Sid === 'Table')!;
    expect(JSON.stringify(table.Resource)).not.toContain('*');
    for (const index of Object.keys(tableDefinition.globalIndexes))
      expect(JSON.stringify(table.Resource)).toContain(`/index/${index}`);
  });

  it('sets the environment each function needs from its access', () => {
    const environmentOf = (domain: string, name: string) =>
      (functionIn(api, { domain, name }).resource.Properties!.Environment as { Variables: Record<string, unknown> })
        .Variables;
    for (const { domain, name, spec } of routes()) {
      const env = environmentOf(domain, name);
      expect(env[ENV.serviceName]).toBe(domain);
      expect(ENV.tableName in env, `${domain}.${name} ${ENV.tableName}`).toBe(Boolean(spec.access.table));
      expect(ENV.uploadsBucket in env, `${domain}.${name} ${ENV.uploadsBucket}`).toBe(Boolean(spec.access.uploads));
      expect(ENV.userPoolId in env && ENV.userPoolClientId in env, `${domain}.${name} pool`).toBe(
        Boolean(spec.access.userPool?.length),
      );
      expect(ENV.apiBaseUrl in env).toBe(true);
    }
    for (const { domain, name, spec } of [...routes(), ...subscriptions()]) {
      const env = environmentOf(domain, name);
      expect(env[ENV.searchEngine], `${domain}.${name} ${ENV.searchEngine}`).toBe(
        spec.access.search ? 'opensearch' : undefined,
      );
      expect(ENV.searchEndpoint in env, `${domain}.${name} ${ENV.searchEndpoint}`).toBe(Boolean(spec.access.search));
      // The generated cursor key, as a deploy-time dynamic reference (never a value in the template).
      expect(ENV.cursorKey in env, `${domain}.${name} ${ENV.cursorKey}`).toBe(
        Boolean(spec.access.table || spec.access.search),
      );
      if (ENV.cursorKey in env) expect(JSON.stringify(env[ENV.cursorKey])).toContain('{{resolve:secretsmanager:');
    }
    for (const { domain, name, spec } of subscriptions()) {
      const env = environmentOf(domain, name);
      expect(ENV.emailFrom in env, `${domain}.${name} ${ENV.emailFrom}`).toBe(
        Boolean(spec.access.messaging?.includes('email')),
      );
      expect(ENV.whatsappSecretId in env, `${domain}.${name} ${ENV.whatsappSecretId}`).toBe(
        Boolean(spec.access.messaging?.includes('whatsapp')),
      );
    }
    for (const { domain, name, spec } of [...routes(), ...subscriptions()]) {
      const env = environmentOf(domain, name);
      expect(ENV.midtransSecretId in env, `${domain}.${name} ${ENV.midtransSecretId}`).toBe(
        Boolean(spec.access.providerSecrets?.includes('midtrans')),
      );
      expect(ENV.xenditSecretId in env, `${domain}.${name} ${ENV.xenditSecretId}`).toBe(
        Boolean(spec.access.providerSecrets?.includes('xendit')),
      );
      expect(ENV.biteshipSecretId in env, `${domain}.${name} ${ENV.biteshipSecretId}`).toBe(
        Boolean(spec.access.providerSecrets?.includes('biteship')),
      );
      expect(ENV.biteshipApiUrl in env, `${domain}.${name} ${ENV.biteshipApiUrl}`).toBe(
        Boolean(spec.access.providerSecrets?.includes('biteship')),
      );
      // The payment return URL goes to payment functions only.
      expect(ENV.paymentReturnUrl in env, `${domain}.${name} ${ENV.paymentReturnUrl}`).toBe(
        Boolean(spec.access.providerSecrets?.some((provider) => provider !== 'biteship')),
      );
    }
  });

  it('gives every subscription a rule → encrypted TLS-only queue with a DLQ → the function', () => {
    expect(subscriptions().length).toBeGreaterThan(0);
    for (const { domain, name, spec } of subscriptions()) {
      // The same pattern the local bus matches with (shared/manifest/patterns.ts). Subscriptions of two
      // domains may share a pattern (booking.saveListing, search.indexListing): the rule is told apart
      // by its description, `<domain>.<name>: <events>`.
      const rules = findResourcesIn(api, 'AWS::Events::Rule', {
        Properties: {
          EventPattern: subscriptionPattern(spec),
          Description: Match.stringLikeRegexp(`^${domain}\\.${name}: `),
        },
      });
      expect(rules, `${domain}.${name} rule`).toHaveLength(1);
      const { at } = rules[0]!;
      expect(rules[0]!.resource.Properties!.EventPattern).toEqual(subscriptionPattern(spec));
      const rule = rules[0]!.resource.Properties as {
        Targets: { Arn: { 'Fn::GetAtt': [string, string] } }[];
        EventBusName: unknown;
      };
      expect(JSON.stringify(fromParent(at, rule.EventBusName))).toContain('Bus');
      const queueId = rule.Targets[0]!.Arn['Fn::GetAtt'][0];
      const queue = at.resources[queueId]!.Properties as {
        RedrivePolicy: { maxReceiveCount: number; deadLetterTargetArn: { 'Fn::GetAtt': [string, string] } };
        SqsManagedSseEnabled: boolean;
      };
      expect(queue.SqsManagedSseEnabled).toBe(true);
      expect(queue.RedrivePolicy.maxReceiveCount).toBe(spec.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT);
      const dlqId = queue.RedrivePolicy.deadLetterTargetArn['Fn::GetAtt'][0];
      expect(at.resources[dlqId]!.Properties).toMatchObject({ SqsManagedSseEnabled: true });
      for (const id of [queueId, dlqId]) {
        at.template.hasResourceProperties('AWS::SQS::QueuePolicy', {
          Queues: [{ Ref: id }],
          PolicyDocument: {
            Statement: Match.arrayWith([
              Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            ]),
          },
        });
      }
      const { id: fnId } = functionIn([at], { domain, name });
      at.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        EventSourceArn: { 'Fn::GetAtt': [queueId, 'Arn'] },
        FunctionName: { Ref: fnId },
        FunctionResponseTypes: ['ReportBatchItemFailures'],
      });
      expect(sorted(allowedActions(statementsOfFunction(at.resources, fnId)))).toEqual(
        sorted(
          new Set([
            ...expectedActions(spec.access),
            'sqs:ReceiveMessage',
            'sqs:ChangeMessageVisibility',
            'sqs:GetQueueUrl',
            'sqs:DeleteMessage',
            'sqs:GetQueueAttributes',
          ]),
        ),
      );
    }
  });

  it('forwards the outbox from the table stream to the bus', () => {
    apiTop.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::ImportValue': Match.stringLikeRegexp('StreamArn') },
      StartingPosition: Match.stringLikeRegexp('^(TRIM_HORIZON|LATEST)$'),
      BatchSize: 100,
      BisectBatchOnFunctionError: true,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      MaximumRetryAttempts: Match.anyValue(),
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    const [fnId] = Object.entries(apiTop.resources).find(
      ([, r]) => r.Type === 'AWS::Lambda::Function' && String(r.Properties?.Description).startsWith('Outbox forwarder'),
    )!;
    const statements = statementsOfFunction(apiTop.resources, fnId);
    const putEvents = statements.filter((s) => ([] as string[]).concat(s.Action).includes('events:PutEvents'));
    expect(putEvents).toHaveLength(1);
    expect(JSON.stringify(putEvents[0]!.Resource)).toMatch(/Bus.*Arn/);
    const services = new Set([...allowedActions(statements)].map((action) => action.split(':')[0] ?? action));
    expect(sorted(services)).toEqual(['dynamodb', 'events', 'logs', 'sqs']);
    expect([...allowedActions(statements)].filter((a) => a.startsWith('dynamodb:')).sort()).toEqual([
      'dynamodb:DescribeStream',
      'dynamodb:GetRecords',
      'dynamodb:GetShardIterator',
      'dynamodb:ListStreams',
    ]);
  });

  it('throttles the API stage, logs access and allows the web origins', () => {
    apiTop.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      DefaultRouteSettings: {
        ThrottlingRateLimit: dev.config.throttle.rateLimit,
        ThrottlingBurstLimit: dev.config.throttle.burstLimit,
      },
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('\\$context.requestId') },
    });
    apiTop.template.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      CorsConfiguration: Match.objectLike({
        AllowOrigins: dev.config.allowedOrigins,
        AllowHeaders: Match.arrayWith(['authorization', 'if-match', 'idempotency-key']),
      }),
    });
    const throttled = buildTestApp(manifests, { throttleRate: 7, throttleBurst: 9 });
    Template.fromStack(throttled.api).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 7, ThrottlingBurstLimit: 9 },
    });
  });
});
