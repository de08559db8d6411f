import { CfnOutput, Duration, NestedStack, Stack, type StackProps } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import type { CorsHttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpApi, HttpStage, LogGroupLogDestination } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IUserPool, IUserPoolClient } from 'aws-cdk-lib/aws-cognito';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IDomain } from 'aws-cdk-lib/aws-opensearchservice';
import { Construct } from 'constructs';
import { Trigger } from 'aws-cdk-lib/triggers';
import type { CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { LoadedManifest } from '#shared/manifest/registry.ts';
import { DomainConstruct, SCHEDULE_TIMEOUT } from './domain-construct.ts';
import { domainStackId } from '#shared/manifest/construct-names.ts';
import { SearchAccess } from './search-access.ts';
import { alarmTopic } from './alarms.ts';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { FunctionDefaults } from './function.ts';
import { OutboxForwarder } from './outbox-forwarder.ts';
import { droppedSchedulesAlarm } from './one-time-schedules.ts';
import type { IScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { SagaStateMachines } from './sagas.ts';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { stateMachineNamePrefix, type AppConfig } from './config.ts';
import { CORS_ALLOW_HEADERS, CORS_ALLOW_METHODS, CORS_EXPOSE_HEADERS } from '#shared/config/limits.ts';

export interface ApiStackProps extends StackProps {
  config: AppConfig;
  manifests: readonly LoadedManifest[];
  defaults: FunctionDefaults;
  table: ITableV2;
  bus: IEventBus;
  uploads: IBucket;
  userPool: IUserPool;
  userPoolClient: IUserPoolClient;
  whatsappSecret: ISecret;
  midtransSecret: ISecret;
  xenditSecret: ISecret;
  biteshipSecret: ISecret;
  cursorKey: ISecret;
  search: IDomain;
  /** The search domain's fine-grained-access master role (maps the search functions' roles). */
  searchAdminRole: IRole;
  /** One-time schedules' group and Scheduler's role (stateful stack): for oneTimeSchedules access. */
  oneTimeSchedules: { group: IScheduleGroup; role: IRole };
}

/**
 * The stateless stack: the HTTP API and, from the manifests, every function, route, rule and
 * queue; plus the outbox forwarder on the table stream. Safe to destroy and redeploy.
 *
 * Each domain's resources live in a nested stack of their own (`Domain-<domain>`, decision 0010):
 * CloudFormation allows 500 resources per stack, and the domains together have more. This stack
 * keeps what the domains share or what needs all of them: the HTTP API, its stage (with the
 * per-route throttling), the JWT authorizer, the alarm topic, the saga state machines, the search
 * access mapping, the outbox forwarder, and the runs of the `afterDeploy` schedules. CDK passes
 * references down as nested-stack parameters and up as outputs; nothing in a domain's stack refers
 * to something here that depends on a domain's stack (sagas are reached by name, access.ts).
 */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly domains: Record<string, DomainConstruct> = {};
  /** By domain: the nested stack that holds the domain's construct. */
  readonly domainStacks: Record<string, NestedStack> = {};
  /** By `<domain>.<schedule>`: the runs of the `afterDeploy` schedules after each deployment. */
  readonly afterDeploy: Record<string, Trigger> = {};
  readonly outboxForwarder: OutboxForwarder;
  readonly searchAccess: SearchAccess;
  readonly alarmTopic: Topic;
  readonly sagas: SagaStateMachines;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    const { config } = props;

    this.api = new HttpApi(this, 'HttpApi', {
      apiName: `petpro-${config.stage}`,
      description: `PetPro API (${config.stage})`,
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: config.allowedOrigins,
        allowMethods: CORS_ALLOW_METHODS.map((method) => method as CorsHttpMethod),
        allowHeaders: [...CORS_ALLOW_HEADERS],
        exposeHeaders: [...CORS_EXPOSE_HEADERS],
        maxAge: Duration.hours(1),
      },
    });

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: props.defaults.logRetention,
      removalPolicy: props.defaults.removalPolicy,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: config.throttle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            ip: '$context.identity.sourceIp',
            requestTime: '$context.requestTime',
            method: '$context.httpMethod',
            routeKey: '$context.routeKey',
            path: '$context.path',
            status: '$context.status',
            protocol: '$context.protocol',
            responseLength: '$context.responseLength',
            latency: '$context.responseLatency',
            integrationLatency: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            authorizerError: '$context.authorizer.error',
            sub: '$context.authorizer.claims.sub',
            userAgent: '$context.identity.userAgent',
          }),
        ),
      },
    });

    // Created on the HttpApi (here) by the first route that binds it; the domains' routes get its id as a parameter.
    const authorizer = new HttpUserPoolAuthorizer('Cognito', props.userPool, {
      userPoolClients: [props.userPoolClient],
      userPoolRegion: config.region,
    });

    const resources = {
      table: props.table,
      bus: props.bus,
      uploads: props.uploads,
      userPool: props.userPool,
      userPoolClient: props.userPoolClient,
      emailFrom: config.emailFrom,
      whatsappSecret: props.whatsappSecret,
      midtransSecret: props.midtransSecret,
      xenditSecret: props.xenditSecret,
      biteshipSecret: props.biteshipSecret,
      cursorKey: props.cursorKey,
      search: props.search,
      paymentProviderUrls: config.paymentProviderUrls,
      paymentReturnUrl: config.paymentReturnUrl,
      stateMachineNamePrefix: stateMachineNamePrefix(config.stage),
      apiBaseUrl: this.api.apiEndpoint,
      oneTimeSchedules: props.oneTimeSchedules,
    };
    // Routes whose manifest asks for tighter throttling than the stage's.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const { manifest } of props.manifests) {
      for (const route of Object.values(manifest.routes)) {
        if (route.throttle)
          routeSettings[`${route.method} ${route.path}`] = {
            ThrottlingRateLimit: route.throttle.rateLimit,
            ThrottlingBurstLimit: route.throttle.burstLimit,
          };
      }
    }
    if (Object.keys(routeSettings).length > 0) (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;

    this.alarmTopic = alarmTopic(this, config.stage);
    droppedSchedulesAlarm(this, props.oneTimeSchedules.group, this.alarmTopic);
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topicArn,
      description: 'Subscribe operators (email, chat) to every PetPro alarm',
    });
    for (const loaded of props.manifests) {
      const { domain } = loaded.manifest;
      // Deployed with this stack (one `cdk deploy`); a change to one domain updates only its nested stack.
      const stack = new NestedStack(this, domainStackId(domain), {
        description: `PetPro ${config.stage}: the ${domain} domain's functions, routes, rules, queues and schedules (nested in ${id})`,
      });
      this.domainStacks[domain] = stack;
      const built = new DomainConstruct(stack, domain, {
        alarmTopic: this.alarmTopic,
        loaded,
        api: this.api,
        authorizer,
        resources,
        defaults: props.defaults,
      });
      this.domains[domain] = built;
      // The stage's RouteSettings name these routes: API Gateway rejects a stage whose settings name
      // a route that does not exist yet, so the stage waits for the nested stacks that create them.
      for (const [name, route] of Object.entries(loaded.manifest.routes)) {
        if (route.throttle) this.stage.node.addDependency(built.routes[name]!.route);
      }
    }

    // The sagas' state machines, once every domain's task functions exist (any domain's saga may use them).
    this.sagas = new SagaStateMachines(this, 'Sagas', {
      manifests: props.manifests,
      domains: this.domains,
      namePrefix: resources.stateMachineNamePrefix,
      defaults: props.defaults,
    });

    // Every function the manifests give search access, by kind of access.
    const searchRoles = { read: [] as IRole[], readwrite: [] as IRole[] };
    for (const loaded of props.manifests) {
      const built = this.domains[loaded.manifest.domain]!;
      const specs: [
        Readonly<Record<string, { access: { search?: 'read' | 'readwrite' } }>> | undefined,
        Record<string, { function: IFunction }>,
      ][] = [
        [loaded.manifest.routes, built.routes],
        [loaded.manifest.subscriptions, built.subscriptions],
        [loaded.manifest.schedules, built.schedules],
        [loaded.manifest.tasks, built.tasks],
      ];
      for (const [entries, functions] of specs) {
        for (const [name, spec] of Object.entries(entries ?? {})) {
          const role = functions[name]?.function.role;
          if (spec.access.search && role) searchRoles[spec.access.search].push(role);
        }
      }
    }
    this.searchAccess = new SearchAccess(this, 'SearchAccess', {
      domain: props.search,
      adminRole: props.searchAdminRole,
      readRoles: searchRoles.read,
      writeRoles: searchRoles.readwrite,
      defaults: props.defaults,
    });

    // `afterDeploy` schedules run once more after each deployment, started from here and only once the
    // search access mapping has run and the state machines exist: a job may search (its role must be
    // mapped first) or start a saga. In the domain's nested stack it would run before the mapping,
    // which needs that nested stack's roles (so the mapping cannot come first there).
    const afterDeploy = new Construct(this, 'AfterDeploy');
    for (const loaded of props.manifests) {
      const { domain } = loaded.manifest;
      for (const [name, spec] of Object.entries(loaded.manifest.schedules ?? {})) {
        if (!spec.afterDeploy) continue;
        this.afterDeploy[`${domain}.${name}`] = new Trigger(afterDeploy, `${domain}-${name}`, {
          handler: this.domains[domain]!.schedules[name]!.function,
          executeOnHandlerChange: true,
          timeout: SCHEDULE_TIMEOUT,
          executeAfter: [this.searchAccess, this.sagas],
        });
      }
    }

    this.outboxForwarder = new OutboxForwarder(this, 'Outbox', {
      table: props.table,
      bus: props.bus,
      defaults: props.defaults,
    });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }
}
