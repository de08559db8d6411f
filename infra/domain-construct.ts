import { Duration, TimeZone } from 'aws-cdk-lib';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import {
  HttpMethod,
  HttpRoute,
  HttpRouteKey,
  type IHttpApi,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { Function as LambdaFunction, IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { handlerPath, type LoadedManifest } from '#shared/manifest/registry.ts';
import type { RouteSpec, SagaTaskSpec, ScheduleSpec, SubscriptionSpec } from '#shared/manifest/types.ts';
import { userPoolSettings } from '#shared/auth/user-pool.ts';
import type { PlatformResources } from './access.ts';
import { PetProFunction, type FunctionDefaults } from './function.ts';
import { acknowledge, acknowledgeWildcardResources } from './nag.ts';
import { deadLetterAlarm, logAlarm } from './alarms.ts';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import { DEFAULT_MAX_RECEIVE_COUNT, subscriptionPattern } from '#shared/manifest/patterns.ts';
import { ENTRY_HANDLER_ID, FUNCTION_GROUP_IDS } from '#shared/manifest/construct-names.ts';

export const ROUTE_TIMEOUT = Duration.seconds(10);
export const SUBSCRIPTION_TIMEOUT = Duration.seconds(30);
export const SCHEDULE_TIMEOUT = Duration.minutes(5);
/** A saga step answers quickly; waiting (for a payment) is the state's, not the function's. */
export const TASK_TIMEOUT = Duration.seconds(30);

export interface DomainConstructProps {
  loaded: LoadedManifest;
  api: IHttpApi;
  /** The Cognito JWT authorizer, used on every route with `auth: 'user'`. */
  authorizer: IHttpRouteAuthorizer;
  /** Must include the bus (subscriptions) and whatever the manifest's `access` names. */
  resources: PlatformResources & { bus: IEventBus };
  defaults: FunctionDefaults;
  /** Where alarms notify. */
  alarmTopic: ITopic;
}

export interface SubscriptionResources {
  function: IFunction;
  rule: Rule;
  queue: Queue;
  deadLetterQueue: Queue;
}

/**
 * ONE manifest -> its stateless resources: a function + route per manifest route, and per
 * subscription a rule on the bus -> SQS queue (with DLQ) -> function. Generic: no domain has
 * CDK code of its own. (Cognito triggers are built by UserPoolTriggers, next to the pool.)
 * The Api stack puts each domain's construct in a nested stack of its own (decision 0010).
 */
export class DomainConstruct extends Construct {
  readonly routes: Record<string, { function: IFunction; route: HttpRoute }> = {};
  readonly subscriptions: Record<string, SubscriptionResources> = {};
  /** The `afterDeploy` ones are also run after each deployment, by the Api stack (api-stack.ts). */
  readonly schedules: Record<string, { function: LambdaFunction; schedule: Schedule }> = {};
  /** Saga steps; the state machines that call them get invoke rights where they are built. */
  readonly tasks: Record<string, { function: IFunction }> = {};

  /**
   * One log group for the domain's functions (each line names its function): a group per function
   * cost a resource each, and every stack must stay under CloudFormation's 500 (decision 0010).
   */
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: DomainConstructProps) {
    super(scope, id);
    const { manifest } = props.loaded;
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: props.defaults.logRetention,
      removalPolicy: props.defaults.removalPolicy,
    });

    const routes = new Construct(this, FUNCTION_GROUP_IDS.route);
    for (const [name, spec] of Object.entries(manifest.routes)) this.addRoute(routes, name, spec, props);

    const subscriptions = new Construct(this, FUNCTION_GROUP_IDS.subscription);
    for (const [name, spec] of Object.entries(manifest.subscriptions ?? {}))
      this.addSubscription(subscriptions, name, spec, props);

    const schedules = new Construct(this, FUNCTION_GROUP_IDS.schedule);
    for (const [name, spec] of Object.entries(manifest.schedules ?? {})) this.addSchedule(schedules, name, spec, props);

    const tasks = new Construct(this, FUNCTION_GROUP_IDS.task);
    for (const [name, spec] of Object.entries(manifest.tasks ?? {})) this.addTask(tasks, name, spec, props);
  }

  /** A function Step Functions invokes as a saga step (lambda:invoke, with a task token when it waits for a callback). */
  private addTask(scope: Construct, name: string, spec: SagaTaskSpec, props: DomainConstructProps): void {
    const { domain } = props.loaded.manifest;
    const fn = new PetProFunction(scope, name, {
      entry: handlerPath(props.loaded, spec.handler),
      service: domain,
      description:
        `${domain} ${name}: saga task${spec.waitsForCallback ? ' (waits for a callback)' : ''} - ${spec.description}`.slice(
          0,
          256,
        ),
      access: spec.access,
      resources: props.resources,
      defaults: props.defaults,
      logGroup: this.logGroup,
      timeout: TASK_TIMEOUT,
    });
    this.tasks[name] = { function: fn.function };
  }

  /**
   * A function on an EventBridge schedule. `afterDeploy` ones also run once after each deployment:
   * the Api stack starts them, once the search access mapping and the state machines are in place.
   */
  private addSchedule(scope: Construct, name: string, spec: ScheduleSpec, props: DomainConstructProps): void {
    const { domain } = props.loaded.manifest;
    const owner = new Construct(scope, name);
    const fn = new PetProFunction(owner, ENTRY_HANDLER_ID, {
      entry: handlerPath(props.loaded, spec.handler),
      service: domain,
      description: `${domain} ${name}: ${spec.schedule} - ${spec.description}`.slice(0, 256),
      access: spec.access,
      resources: props.resources,
      defaults: props.defaults,
      logGroup: this.logGroup,
      timeout: SCHEDULE_TIMEOUT,
    });
    // EventBridge Scheduler (not a bus rule): its own retry policy and a time zone for cron.
    const schedulerRole = new Role(owner, 'SchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com'),
      description: `Invokes ${domain} ${name} on its schedule`,
    });
    const schedule = new Schedule(owner, 'Schedule', {
      description: `${domain}.${name}: ${spec.schedule}`,
      schedule: ScheduleExpression.expression(spec.schedule, TimeZone.ASIA_JAKARTA),
      target: new LambdaInvoke(fn.function, { retryAttempts: 2, maxEventAge: Duration.hours(1), role: schedulerRole }),
    });
    acknowledgeWildcardResources(schedulerRole, [
      {
        action: 'lambda:InvokeFunction',
        reason: 'EventBridge Scheduler may invoke this one function and its versions (<function ARN>:*), nothing else.',
      },
    ]);
    this.schedules[name] = { function: fn.function, schedule };
  }

  private addRoute(scope: Construct, name: string, spec: RouteSpec, props: DomainConstructProps): void {
    const { domain } = props.loaded.manifest;
    const fn = new PetProFunction(scope, name, {
      entry: handlerPath(props.loaded, spec.handler),
      service: domain,
      description: `${domain} ${name}: ${spec.method} ${spec.path} - ${spec.summary}`,
      access: spec.access,
      resources: props.resources,
      defaults: props.defaults,
      logGroup: this.logGroup,
      timeout: ROUTE_TIMEOUT,
      ...(spec.files ? { files: spec.files } : {}),
    });
    const integration = new HttpLambdaIntegration(`${domain}-${name}`, fn.function);
    // The access-token scope: API Gateway then refuses ID tokens, as the handler wrapper does.
    const auth =
      spec.auth === 'user'
        ? { authorizer: props.authorizer, authorizationScopes: [userPoolSettings.accessTokenScope] }
        : {};
    const route = new HttpRoute(fn, 'Route', {
      httpApi: props.api,
      routeKey: HttpRouteKey.with(spec.path, HttpMethod[spec.method]),
      integration,
      ...auth,
    });
    // HTTP API routes are per method: a GET route's HEAD twin (same function; the wrapper drops the body).
    if (spec.method === 'GET') {
      const head = new HttpRoute(fn, 'HeadRoute', {
        httpApi: props.api,
        routeKey: HttpRouteKey.with(spec.path, HttpMethod.HEAD),
        integration,
        ...auth,
      });
      if (spec.auth === 'public')
        acknowledge(head, 'AwsSolutions-APIG4', `Public by design (manifest auth: 'public'): HEAD of ${spec.summary}.`);
    }
    for (const [index, alarmSpec] of (spec.logAlarms ?? []).entries()) {
      logAlarm(
        fn,
        `LogAlarm${index}`,
        fn.logGroup,
        alarmSpec,
        `${domain}-${name}-${alarmSpec.message.replace(/\W+/g, '-')}`,
        props.alarmTopic,
      );
    }
    if (spec.auth === 'public') {
      acknowledge(
        route,
        'AwsSolutions-APIG4',
        `Public by design (manifest auth: 'public'): ${spec.summary}. Throttled by the stage; the handler validates input.`,
      );
    }
    this.routes[name] = { function: fn.function, route };
  }

  private addSubscription(scope: Construct, name: string, spec: SubscriptionSpec, props: DomainConstructProps): void {
    const { domain } = props.loaded.manifest;
    const owner = new Construct(scope, name);
    const fn = new PetProFunction(owner, ENTRY_HANDLER_ID, {
      entry: handlerPath(props.loaded, spec.handler),
      service: domain,
      description: `${domain} ${name}: on ${spec.events.join(', ')} - ${spec.description}`,
      access: spec.access,
      resources: props.resources,
      defaults: props.defaults,
      logGroup: this.logGroup,
      timeout: SUBSCRIPTION_TIMEOUT,
    });

    const deadLetterQueue = new Queue(owner, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    const queue = new Queue(owner, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // AWS guidance: at least six times the function timeout.
      visibilityTimeout: Duration.seconds(SUBSCRIPTION_TIMEOUT.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: spec.maxReceiveCount ?? DEFAULT_MAX_RECEIVE_COUNT },
    });

    const rule = new Rule(owner, 'Rule', {
      eventBus: props.resources.bus,
      description: `${domain}.${name}: ${spec.events.join(', ')}`.slice(0, 512),
      eventPattern: (({ source, 'detail-type': detailType, detail }) => ({
        source,
        detailType,
        ...(detail ? { detail } : {}),
      }))(subscriptionPattern(spec)),
      targets: [new SqsQueue(queue)],
    });

    deadLetterAlarm(
      owner,
      deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      `${domain}.${name}`,
      props.alarmTopic,
    );
    // The handler reports failed message ids; only those are retried (then dead-lettered).
    fn.function.addEventSource(new SqsEventSource(queue, { batchSize: 10, reportBatchItemFailures: true }));
    this.subscriptions[name] = { function: fn.function, rule, queue, deadLetterQueue };
  }
}
