import type { z } from 'zod';
import type { EventType } from '../events/catalog.ts';
import type { Group } from '../auth/groups.ts';

/**
 * A domain's manifest: plain data describing everything it exposes. Two readers:
 * infra/ (Lambda functions, routes, IAM, rules, queues) and local/ (gateway, event delivery).
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Cognito actions a handler may call on the user pool. */
export type UserPoolAction =
  | 'SignUp'
  | 'ConfirmSignUp'
  | 'AdminConfirmSignUp'
  | 'AdminAddUserToGroup'
  | 'AdminGetUser'
  | 'AdminUpdateUserAttributes'
  | 'ListUsers'
  | 'InitiateAuth'
  | 'RespondToAuthChallenge'
  | 'RevokeToken';

/** What a handler may touch. infra derives least-privilege IAM from it. */
export interface Access {
  table?: 'read' | 'readwrite';
  uploads?: 'read' | 'readwrite';
  userPool?: readonly UserPoolAction[];
  /** Channels the handler sends on: email (SES), SMS (SNS), WhatsApp (Twilio, credentials from Secrets Manager). */
  messaging?: readonly ('email' | 'sms' | 'whatsapp')[];
  /** Provider keys it reads from Secrets Manager (env MIDTRANS_SECRET_ID / XENDIT_SECRET_ID / BITESHIP_SECRET_ID), with the provider's API URL. */
  providerSecrets?: readonly ('midtrans' | 'xendit' | 'biteship')[];
  /** The search engine (OpenSearch in AWS): 'read' queries, 'readwrite' also indexes. */
  search?: 'read' | 'readwrite';
  /** Publishes to the event bus directly (only the outbox forwarder should). */
  eventBus?: boolean;
  /** Resumes waiting saga steps (Step Functions SendTaskSuccess/Failure/Heartbeat on the platform's state machines). */
  sagaCallbacks?: boolean;
  /** Sagas the handler starts (`<domain>.<saga>`): StartExecution on them; env SAGA_<DOMAIN>_<SAGA>_ARN (sagaArnEnv). */
  sagas?: readonly `${string}.${string}`[];
  /** Creates and deletes one-time schedules that put an event on the bus at a given time (EventBridge Scheduler). */
  oneTimeSchedules?: boolean;
}

/**
 * What a route parses. Params and query are objects; a domain's schemas may come wrapped in
 * `z.lazy` (built on first use, not at every handler's import: decision 0005).
 */
export interface RequestSchemas {
  params?: z.ZodType<Record<string, unknown>>;
  query?: z.ZodType<Record<string, unknown>>;
  body?: z.ZodType;
}

export interface ResponseSpec {
  description: string;
  body?: z.ZodType;
  contentType?: string;
}

/**
 * What a handler declares about the domain it drives: the events it may write to the outbox (checked
 * at run time on the local platform and in tests, shared/events/emits.ts) and the domain use case it
 * calls (`<wiring factory>.<method>`, e.g. `bookings.book`; checked against the handler's source).
 * docs/routes.md is generated from both (`npm run routes`).
 */
export interface Declared {
  /** Every event type the handler may emit (outbox, or a one-time schedule). Required in functions/ manifests: [] when none. */
  emits?: readonly EventType[];
  /** The domain service method the handler calls, `<factory>.<method>`; absent when the handler calls no domain service. */
  useCase?: `${string}.${string}`;
}

export interface RouteSpec extends Declared {
  method: HttpMethod;
  /** API Gateway style path: /v1/me/pets/{petId} */
  path: string;
  /** Handler module, relative to the domain folder; it exports `handler`. */
  handler: string;
  /** 'public': no token; 'user': a valid Cognito access token is required by the gateway. */
  auth: 'public' | 'user';
  /** Coarse role gate checked by the handler wrapper (ownership is checked by the use case). */
  groups?: readonly Group[];
  access: Access;
  summary: string;
  request?: RequestSchemas;
  responses: Readonly<Record<number, ResponseSpec>>;
  /** Largest accepted body; larger is a 400 problem. */
  maxBodyBytes?: number;
  /** Headers the route reads, documented in OpenAPI. */
  headers?: readonly ('If-Match' | 'Idempotency-Key')[];
  /** Tighter throttling than the stage's for this route (steady requests per second, burst). */
  throttle?: { rateLimit: number; burstLimit: number };
  /** Alarms on what the handler logs (CloudWatch metric filter on its log group → alarm → the alarm topic). */
  logAlarms?: readonly LogAlarm[];
  /**
   * Files of npm packages the handler serves as they are (e.g. `swagger-ui-dist/swagger-ui.css`): CDK
   * copies them next to the bundle, the handler reads them with `shippedFile` (shared/http/shipped-file.ts).
   */
  files?: readonly string[];
}

export interface LogAlarm {
  /** The Powertools log line's `message`, exactly. */
  message: string;
  /** Alarm when at least this many lines arrive within `minutes`. */
  atLeast: number;
  minutes: number;
  description: string;
}

export interface SubscriptionSpec extends Declared {
  description: string;
  events: readonly EventType[];
  /** Narrows the rule to events whose envelope matches this EventBridge pattern fragment. */
  detail?: Readonly<Record<string, unknown>>;
  handler: string;
  access: Access;
  /** Deliveries before the message goes to the dead-letter queue. */
  maxReceiveCount?: number;
}

/** Work that runs on a timer (EventBridge schedule in AWS, a timer on the local platform). */
export interface ScheduleSpec extends Declared {
  description: string;
  /** EventBridge schedule expression; the local platform understands `rate(N minute(s)|hour(s)|day(s))`. */
  schedule: `rate(${string})` | `cron(${string})`;
  /** Also run once after every deployment (a CDK trigger) and whenever the local platform starts. */
  afterDeploy?: boolean;
  handler: string;
  access: Access;
}

/**
 * A step a domain offers to sagas (its own or another domain's): Step Functions invokes the
 * handler through `arn:aws:states:::lambda:invoke[.waitForTaskToken]`, the ASL naming it by a
 * placeholder the saga maps to `<domain>.<task>`.
 */
export interface SagaTaskSpec extends Declared {
  description: string;
  handler: string;
  access: Access;
  /**
   * Called with `.waitForTaskToken`: the input carries `taskToken`, and the domain resumes the saga
   * later (SendTaskSuccess/Failure), so the state waits for the outcome, not for the handler.
   */
  waitsForCallback?: boolean;
}

/**
 * A saga: a Step Functions Standard workflow whose ASL file sits in the domain folder. CDK deploys
 * it with `DefinitionBody.fromFile` and `definitionSubstitutions`; the local platform runs the same
 * file. Each `${Placeholder}` in the ASL is a saga task, `<domain>.<task>` (any domain's `tasks`).
 */
export interface SagaSpec {
  description: string;
  /** The ASL file, relative to the domain folder. */
  definition: string;
  /** ASL placeholder → the task it invokes, e.g. `{ StartPayment: 'payments.startPayment' }`. */
  tasks: Readonly<Record<string, `${string}.${string}`>>;
}

export type UserPoolTrigger = 'DefineAuthChallenge' | 'CreateAuthChallenge' | 'VerifyAuthChallengeResponse';

export interface TriggerSpec {
  description: string;
  trigger: UserPoolTrigger;
  handler: string;
  access: Access;
}

export interface DomainManifest {
  domain: string;
  description: string;
  routes: Readonly<Record<string, RouteSpec>>;
  subscriptions?: Readonly<Record<string, SubscriptionSpec>>;
  userPoolTriggers?: Readonly<Record<string, TriggerSpec>>;
  schedules?: Readonly<Record<string, ScheduleSpec>>;
  tasks?: Readonly<Record<string, SagaTaskSpec>>;
  sagas?: Readonly<Record<string, SagaSpec>>;
}

/** The env variable that carries a saga's state machine ARN to the handlers that start it. */
export const sagaArnEnv = (saga: `${string}.${string}`): string =>
  `SAGA_${saga.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}_ARN`;

/** A saga's state machine name: `<prefix><domain>-<saga>` (CDK: prefix petpro-<stage>-; locally petpro-local-). */
export const sagaStateMachineName = (prefix: string, domain: string, saga: string): string =>
  `${prefix}${domain}-${saga}`;

/** Keeps literal types so handlers infer their request types from their route. */
export function defineDomain<const M extends DomainManifest>(manifest: M): M {
  return manifest;
}
