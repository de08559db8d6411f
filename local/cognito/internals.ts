/**
 * Typed access to the parts of cognito-local (CommonJS, no public API for this) that the child
 * process builds its server from. Only what this folder uses is typed, loosely on purpose: the
 * shapes follow cognito-local 5.3's lib/*.d.ts.
 */
import type { Server } from 'node:http';
import { createRequire } from 'node:module';

const requireFromHere = createRequire(import.meta.url);
const cognitoLocalRoot = requireFromHere.resolve('cognito-local/package.json');
/** Resolves cognito-local's files and its own dependencies (pino) from its install location. */
export const requireCognitoLocal = createRequire(cognitoLocalRoot);

export interface Logger {
  child(bindings: Record<string, unknown>): Logger;
  debug(...args: unknown[]): void;
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export interface Ctx {
  readonly logger: Logger;
}

export interface AttributeType {
  Name: string;
  Value?: string;
}

export interface User {
  Attributes: AttributeType[];
  Enabled: boolean;
  Username: string;
  UserStatus: string;
  Password: string;
  RefreshTokens: string[];
  UserCreateDate: Date;
  UserLastModifiedDate: Date;
  ConfirmationCode?: string;
  [key: string]: unknown;
}

export interface Group {
  GroupName: string;
  Description?: string;
  Precedence?: number;
  CreationDate: Date;
  LastModifiedDate: Date;
  members?: readonly string[];
}

export interface AppClient {
  UserPoolId: string;
  ClientName: string;
  ClientId: string;
  ClientSecret?: string;
  CreationDate: Date;
  LastModifiedDate: Date;
  ExplicitAuthFlows?: string[];
  AccessTokenValidity?: number;
  IdTokenValidity?: number;
  RefreshTokenValidity?: number;
  TokenValidityUnits?: { AccessToken?: string; IdToken?: string; RefreshToken?: string };
  [key: string]: unknown;
}

export interface UserPoolOptions {
  Id: string;
  Name?: string;
  UsernameAttributes?: string[];
  SchemaAttributes?: Record<string, unknown>[];
  CreationDate?: Date;
  LastModifiedDate?: Date;
  [key: string]: unknown;
}

export interface UserPoolService {
  readonly options: UserPoolOptions;
  getUserByUsername(ctx: Ctx, username: string): Promise<User | null>;
  saveUser(ctx: Ctx, user: User): Promise<void>;
  listUserGroupMembership(ctx: Ctx, user: User): Promise<string[]>;
  storeRefreshToken(ctx: Ctx, refreshToken: string, user: User): Promise<void>;
  listGroups(ctx: Ctx): Promise<Group[]>;
  saveGroup(ctx: Ctx, group: Group): Promise<void>;
  saveAppClient(ctx: Ctx, appClient: AppClient): Promise<void>;
  updateOptions(ctx: Ctx, options: UserPoolOptions): Promise<void>;
}

export interface CognitoService {
  createUserPool(ctx: Ctx, userPool: UserPoolOptions): Promise<UserPoolOptions>;
  getAppClient(ctx: Ctx, clientId: string): Promise<AppClient | null>;
  getUserPool(ctx: Ctx, userPoolId: string): Promise<UserPoolService>;
  getUserPoolForClientId(ctx: Ctx, clientId: string): Promise<UserPoolService>;
  listAppClients(ctx: Ctx, userPoolId: string): Promise<readonly AppClient[]>;
  listUserPools(ctx: Ctx): Promise<readonly UserPoolOptions[]>;
}

export interface Tokens {
  AccessToken: string;
  IdToken: string;
  RefreshToken: string;
}

export interface Triggers {
  enabled(trigger: string): boolean;
  postAuthentication(ctx: Ctx, event: Record<string, unknown>): Promise<void>;
}

export interface Services {
  clock: { get(): Date };
  cognito: CognitoService;
  config: Config;
  otp: () => string;
  tokenGenerator: {
    generate(
      ctx: Ctx,
      user: User,
      groups: readonly string[],
      client: AppClient,
      clientMetadata: Record<string, string> | undefined,
      source: string,
    ): Promise<Tokens>;
  };
  triggers: Triggers;
  messages: unknown;
}

export interface Config {
  TriggerFunctions: Record<string, string>;
  UserPoolDefaults: Record<string, unknown>;
  TokenConfig: { IssuerDomain?: string };
  [key: string]: unknown;
}

/** A cognito-local API operation: built per request from the services. */
export type Target = (
  services: Services,
) => (ctx: Ctx, req: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** A trigger invoker with cognito-local's Lambda interface (`enabled`, `invoke`). */
export interface LambdaLike {
  enabled(trigger: string): boolean;
  invoke(ctx: Ctx, trigger: string, event: Record<string, unknown>): Promise<unknown>;
}

type Constructor<T, A extends unknown[]> = new (...args: A) => T;

interface DataStoreFactory {
  create(ctx: Ctx, id: string, defaults: object): Promise<unknown>;
}

interface HttpServerLike {
  start(): Promise<Server>;
}

function load<T>(path: string): T {
  return requireFromHere(`cognito-local/lib/${path}`) as T;
}

export const cognitoLocal = {
  errors: load<{
    CognitoError: Constructor<Error & { code: string }, [string, string]>;
    UnsupportedError: Constructor<Error, [string]>;
    NotAuthorizedError: Constructor<Error, [string?]>;
    InvalidParameterError: Constructor<Error, [string?]>;
    UserNotConfirmedException: Constructor<Error, []>;
    UserLambdaValidationError: Constructor<Error, [string?]>;
    InvalidLambdaResponseError: Constructor<Error, []>;
    UnexpectedLambdaExceptionError: Constructor<Error, []>;
    UsernameExistsError: Constructor<Error, []>;
    InvalidPasswordError: Constructor<Error, []>;
  }>('errors.js'),
  targets: load<{ Targets: Record<string, Target> }>('targets/targets.js'),
  userPoolService: load<{
    UserPoolServiceFactoryImpl: Constructor<unknown, [unknown, DataStoreFactory]>;
    attributesToRecord(attributes: AttributeType[] | undefined): Record<string, string>;
    attributeValue(name: string, attributes: AttributeType[] | undefined): string | undefined;
  }>('services/userPoolService.js'),
  cognitoService: load<{
    CognitoServiceFactoryImpl: Constructor<
      { create(ctx: Ctx, defaults: Record<string, unknown>): Promise<CognitoService> },
      [string, DataStoreFactory, unknown]
    >;
    USER_POOL_AWS_DEFAULTS: { SchemaAttributes: Record<string, unknown>[] } & Record<string, unknown>;
  }>('services/cognitoService.js'),
  stormDb: load<{ StormDBDataStoreFactory: Constructor<DataStoreFactory, [string]> }>('services/dataStore/stormDb.js'),
  clock: load<{ DateClock: Constructor<{ get(): Date }, []> }>('services/clock.js'),
  lambda: load<{ LambdaService: Constructor<LambdaLike, [Record<string, string>, unknown]> }>('services/lambda.js'),
  triggers: load<{ TriggersService: Constructor<Triggers, [unknown, CognitoService, LambdaLike, unknown]> }>(
    'services/triggers/triggers.js',
  ),
  messages: load<{ MessagesService: Constructor<unknown, [Triggers, unknown]> }>('services/messages.js'),
  messageDelivery: load<{ MessageDeliveryService: Constructor<unknown, [unknown]> }>(
    'services/messageDelivery/messageDelivery.js',
  ),
  consoleMessageSender: load<{ ConsoleMessageSender: Constructor<unknown, []> }>(
    'services/messageDelivery/consoleMessageSender.js',
  ),
  otp: load<{ otp: () => string }>('services/otp.js'),
  tokenGenerator: load<{
    JwtTokenGenerator: Constructor<Services['tokenGenerator'], [unknown, Triggers, { IssuerDomain?: string }]>;
  }>('services/tokenGenerator.js'),
  config: load<{ loadConfig(ctx: Ctx, factory: DataStoreFactory): Promise<Config> }>('server/config.js'),
  router: load<{ Router(services: Services): unknown }>('server/Router.js'),
  server: load<{
    createServer(
      router: unknown,
      logger: Logger,
      options: { port: number; hostname: string; development: boolean; https: false },
      services: Services,
    ): HttpServerLike;
  }>('server/server.js'),
  pino: requireCognitoLocal('pino') as (options: { level: string; base?: Record<string, unknown> }) => Logger,
};
