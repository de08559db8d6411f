import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
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
import type { Construct } from 'constructs';
import type { CfnStage } from 'aws-cdk-lib/aws-apigatewayv2';
import type { LoadedManifest } from '#shared/manifest/registry.ts';
import { DomainConstruct } from './domain-construct.ts';
import { SearchAccess } from './search-access.ts';
import { alarmTopic } from './alarms.ts';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { FunctionDefaults } from './function.ts';
import { OutboxForwarder } from './outbox-forwarder.ts';
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
  search: IDomain;
  /** The search domain's fine-grained-access master role (maps the search functions' roles). */
  searchAdminRole: IRole;
}


/**
 * The stateless stack: the HTTP API and, from the manifests, every function, route, rule and
 * queue; plus the outbox forwarder on the table stream. Safe to destroy and redeploy.
 */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly domains: Record<string, DomainConstruct> = {};
  readonly outboxForwarder: OutboxForwarder;
  readonly searchAccess: SearchAccess;
  readonly alarmTopic: Topic;

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
        format: AccessLogFormat.custom(JSON.stringify({
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
        })),
      },
    });

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
      search: props.search,
      paymentProviderUrls: config.paymentProviderUrls,
      paymentReturnUrl: config.paymentReturnUrl,
      stateMachineNamePrefix: stateMachineNamePrefix(config.stage),
      apiBaseUrl: this.api.apiEndpoint,
    };
    // Routes whose manifest asks for tighter throttling than the stage's.
    const routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};
    for (const { manifest } of props.manifests) {
      for (const route of Object.values(manifest.routes)) {
        if (route.throttle) routeSettings[`${route.method} ${route.path}`] = { ThrottlingRateLimit: route.throttle.rateLimit, ThrottlingBurstLimit: route.throttle.burstLimit };
      }
    }
    if (Object.keys(routeSettings).length > 0) (this.stage.node.defaultChild as CfnStage).routeSettings = routeSettings;

    this.alarmTopic = alarmTopic(this, config.stage);
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarmTopic.topicArn, description: 'Subscribe operators (email, chat) to every PetPro alarm' });
    for (const loaded of props.manifests) {
      this.domains[loaded.manifest.domain] = new DomainConstruct(this, `Domain-${loaded.manifest.domain}`, {
        alarmTopic: this.alarmTopic,
        loaded,
        api: this.api,
        authorizer,
        resources,
        defaults: props.defaults,
      });
    }

    // Every function the manifests give search access, by kind of access.
    const searchRoles = { read: [] as IRole[], readwrite: [] as IRole[] };
    for (const loaded of props.manifests) {
      const built = this.domains[loaded.manifest.domain]!;
      const specs: [Readonly<Record<string, { access: { search?: 'read' | 'readwrite' } }>> | undefined, Record<string, { function: IFunction }>][] = [
        [loaded.manifest.routes, built.routes], [loaded.manifest.subscriptions, built.subscriptions], [loaded.manifest.schedules, built.schedules], [loaded.manifest.tasks, built.tasks],
      ];
      for (const [entries, functions] of specs) {
        for (const [name, spec] of Object.entries(entries ?? {})) {
          const role = functions[name]?.function.role;
          if (spec.access.search && role) searchRoles[spec.access.search].push(role);
        }
      }
    }
    this.searchAccess = new SearchAccess(this, 'SearchAccess', {
      domain: props.search, adminRole: props.searchAdminRole, readRoles: searchRoles.read, writeRoles: searchRoles.readwrite, defaults: props.defaults,
    });

    this.outboxForwarder = new OutboxForwarder(this, 'Outbox', { table: props.table, bus: props.bus, defaults: props.defaults });

    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }
}
