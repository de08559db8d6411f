/**
 * Cognito's CUSTOM_AUTH protocol (which cognito-local lacks), driven by the three auth-challenge
 * triggers exactly as Cognito drives the Lambdas:
 *   InitiateAuth            → DefineAuthChallenge(session = [])
 *   → CreateAuthChallenge   → { ChallengeName: CUSTOM_CHALLENGE, Session, ChallengeParameters }
 *   RespondToAuthChallenge  → VerifyAuthChallengeResponse → DefineAuthChallenge(session + result)
 *   → tokens | NotAuthorizedException | the next challenge under a new Session.
 * Private challenge parameters stay here, keyed by a single-use Session that expires in 3 minutes.
 */
import { randomBytes } from 'node:crypto';
import type {
  CreateAuthChallengeTriggerEvent,
  DefineAuthChallengeTriggerEvent,
  VerifyAuthChallengeResponseTriggerEvent,
} from 'aws-lambda';
import {
  cognitoLocal,
  type AppClient,
  type Ctx,
  type Services,
  type Tokens,
  type User,
  type UserPoolService,
} from './internals.ts';
import type { TriggerModules } from './triggers.ts';

const SESSION_TTL_MS = 3 * 60_000;

type StringMap = Record<string, string>;
type CustomChallengeResult = Extract<
  DefineAuthChallengeTriggerEvent['request']['session'][number],
  { challengeName: 'CUSTOM_CHALLENGE' }
>;

interface Pending {
  userPoolId: string;
  clientId: string;
  username: string;
  session: CustomChallengeResult[];
  privateChallengeParameters: StringMap;
  challengeMetadata: string | undefined;
  expiresAt: number;
  used: boolean;
}

export interface InitiateRequest {
  ClientId?: string;
  UserPoolId?: string;
  AuthParameters?: Record<string, string>;
  ClientMetadata?: Record<string, string>;
}

export interface RespondRequest {
  ClientId?: string;
  UserPoolId?: string;
  ChallengeName?: string;
  ChallengeResponses?: Record<string, string>;
  Session?: string;
  ClientMetadata?: Record<string, string>;
}

export interface AuthResult {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters: Record<string, string>;
  AuthenticationResult?: Tokens & { ExpiresIn: number; TokenType: string };
  [key: string]: unknown;
}

/** Cognito also returns the access token's lifetime and type; cognito-local does not. */
export function withTokenMeta<T extends { AccessToken?: string }>(
  tokens: T,
): T & { ExpiresIn: number; TokenType: string } {
  let expiresIn = 3600;
  const payload = tokens.AccessToken?.split('.')[1];
  if (payload) {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: number; iat?: number };
    if (typeof claims.exp === 'number' && typeof claims.iat === 'number') expiresIn = claims.exp - claims.iat;
  }
  return { ...tokens, ExpiresIn: expiresIn, TokenType: 'Bearer' };
}

const CUSTOM_AUTH_FLOWS = new Set(['ALLOW_CUSTOM_AUTH', 'CUSTOM_AUTH_FLOW_ONLY']);

export class CustomAuth {
  readonly #triggers: TriggerModules;
  readonly #region: string;
  readonly #pending = new Map<string, Pending>();

  constructor(triggers: TriggerModules, region: string) {
    this.#triggers = triggers;
    this.#region = region;
  }

  async initiate(services: Services, ctx: Ctx, req: InitiateRequest): Promise<AuthResult> {
    const { errors } = cognitoLocal;
    const username = req.AuthParameters?.USERNAME;
    if (!username) throw new errors.InvalidParameterError('Missing required parameter USERNAME');
    const { pool, client } = await this.#resolve(services, ctx, req);
    if (!this.#triggers.has('DefineAuthChallenge') || !this.#triggers.has('CreateAuthChallenge')) {
      throw new errors.InvalidParameterError('Custom auth lambda trigger is not configured for the user pool.');
    }
    const user = await pool.getUserByUsername(ctx, username);
    if (!user) throw new errors.NotAuthorizedError('Incorrect username or password.');
    assertCanSignIn(user);
    return this.#advance(services, ctx, pool, client, user, [], req.ClientMetadata);
  }

  async respond(services: Services, ctx: Ctx, req: RespondRequest): Promise<AuthResult> {
    const { errors } = cognitoLocal;
    const responses = req.ChallengeResponses;
    if (!responses) throw new errors.InvalidParameterError('Missing required parameter challenge responses');
    if (!responses.USERNAME) throw new errors.InvalidParameterError('Missing required parameter USERNAME');
    if (!req.Session) throw new errors.InvalidParameterError('Missing required parameter Session');
    if (responses.ANSWER === undefined) throw new errors.InvalidParameterError('Missing required parameter ANSWER');

    const pending = this.#take(req.Session);
    const { pool, client } = await this.#resolve(services, ctx, req);
    const user = await pool.getUserByUsername(ctx, responses.USERNAME);
    if (
      pending.clientId !== client.ClientId ||
      pending.userPoolId !== pool.options.Id ||
      !user ||
      user.Username !== pending.username
    ) {
      throw new errors.NotAuthorizedError('Invalid session for the user.');
    }
    assertCanSignIn(user);
    if (!this.#triggers.has('VerifyAuthChallengeResponse')) {
      throw new errors.InvalidParameterError('Custom auth lambda trigger is not configured for the user pool.');
    }

    const verified = await this.#triggers.invoke<VerifyAuthChallengeResponseTriggerEvent>(
      ctx,
      'VerifyAuthChallengeResponse',
      {
        ...this.#base(pool, client, user),
        triggerSource: 'VerifyAuthChallengeResponse_Authentication',
        request: {
          userAttributes: userAttributes(user),
          privateChallengeParameters: pending.privateChallengeParameters,
          challengeAnswer: responses.ANSWER,
          ...(req.ClientMetadata ? { clientMetadata: req.ClientMetadata } : {}),
        },
        response: { answerCorrect: false },
      },
    );
    const result: CustomChallengeResult = {
      challengeName: 'CUSTOM_CHALLENGE',
      challengeResult: verified.response.answerCorrect === true,
      ...(pending.challengeMetadata ? { challengeMetadata: pending.challengeMetadata } : {}),
    };
    return this.#advance(services, ctx, pool, client, user, [...pending.session, result], req.ClientMetadata);
  }

  async #advance(
    services: Services,
    ctx: Ctx,
    pool: UserPoolService,
    client: AppClient,
    user: User,
    session: CustomChallengeResult[],
    clientMetadata: Record<string, string> | undefined,
  ): Promise<AuthResult> {
    const { errors } = cognitoLocal;
    const metadata = clientMetadata ? { clientMetadata } : {};
    const defined = await this.#triggers.invoke<DefineAuthChallengeTriggerEvent>(ctx, 'DefineAuthChallenge', {
      ...this.#base(pool, client, user),
      triggerSource: 'DefineAuthChallenge_Authentication',
      request: { userAttributes: userAttributes(user), session, ...metadata },
      response: { issueTokens: false, failAuthentication: false },
    });
    const decision = defined.response;
    if (decision.failAuthentication) throw new errors.NotAuthorizedError('Incorrect username or password.');
    if (decision.issueTokens) return this.#issueTokens(services, ctx, pool, client, user, clientMetadata);
    if (decision.challengeName !== 'CUSTOM_CHALLENGE') {
      if (decision.challengeName)
        throw new errors.UnsupportedError(`CUSTOM_AUTH with challengeName=${decision.challengeName}`);
      throw new errors.InvalidLambdaResponseError();
    }

    const created = await this.#triggers.invoke<CreateAuthChallengeTriggerEvent>(ctx, 'CreateAuthChallenge', {
      ...this.#base(pool, client, user),
      triggerSource: 'CreateAuthChallenge_Authentication',
      request: { userAttributes: userAttributes(user), challengeName: 'CUSTOM_CHALLENGE', session, ...metadata },
      response: { publicChallengeParameters: {}, privateChallengeParameters: {}, challengeMetadata: '' },
    });
    const token = this.#put({
      userPoolId: pool.options.Id,
      clientId: client.ClientId,
      username: user.Username,
      session,
      privateChallengeParameters: created.response.privateChallengeParameters ?? {},
      challengeMetadata: created.response.challengeMetadata || undefined,
      expiresAt: Date.now() + SESSION_TTL_MS,
      used: false,
    });
    return {
      ChallengeName: 'CUSTOM_CHALLENGE',
      Session: token,
      ChallengeParameters: { ...(created.response.publicChallengeParameters ?? {}), USERNAME: user.Username },
    };
  }

  async #issueTokens(
    services: Services,
    ctx: Ctx,
    pool: UserPoolService,
    client: AppClient,
    signedIn: User,
    clientMetadata: Record<string, string> | undefined,
  ): Promise<AuthResult> {
    // Re-read: a trigger may have changed the user (e.g. marked the email verified) meanwhile.
    const user = (await pool.getUserByUsername(ctx, signedIn.Username)) ?? signedIn;
    if (services.triggers.enabled('PostAuthentication')) {
      await services.triggers.postAuthentication(ctx, {
        clientId: client.ClientId,
        clientMetadata,
        source: 'PostAuthentication_Authentication',
        userAttributes: user.Attributes,
        username: user.Username,
        userPoolId: pool.options.Id,
      });
    }
    const groups = await pool.listUserGroupMembership(ctx, user);
    const tokens = await services.tokenGenerator.generate(ctx, user, groups, client, clientMetadata, 'Authentication');
    await pool.storeRefreshToken(ctx, tokens.RefreshToken, user);
    return { ChallengeParameters: {}, AuthenticationResult: withTokenMeta(tokens) };
  }

  async #resolve(services: Services, ctx: Ctx, req: { ClientId?: string; UserPoolId?: string }) {
    const { errors } = cognitoLocal;
    if (!req.ClientId) throw new errors.InvalidParameterError('Missing required parameter ClientId');
    const client = await services.cognito.getAppClient(ctx, req.ClientId);
    if (!client || (req.UserPoolId !== undefined && client.UserPoolId !== req.UserPoolId)) {
      throw new errors.CognitoError('ResourceNotFoundException', `User pool client ${req.ClientId} does not exist.`);
    }
    if (client.ExplicitAuthFlows?.length && !client.ExplicitAuthFlows.some((flow) => CUSTOM_AUTH_FLOWS.has(flow))) {
      throw new errors.InvalidParameterError('Custom auth flow is not enabled for this client.');
    }
    const pool = await services.cognito.getUserPool(ctx, client.UserPoolId);
    return { pool, client };
  }

  #base(pool: UserPoolService, client: AppClient, user: User) {
    return {
      version: '1',
      region: this.#region,
      userPoolId: pool.options.Id,
      userName: user.Username,
      callerContext: { awsSdkVersion: 'aws-sdk-js-local', clientId: client.ClientId },
    };
  }

  #put(pending: Pending): string {
    const now = Date.now();
    for (const [key, entry] of this.#pending) if (entry.expiresAt <= now) this.#pending.delete(key);
    const token = randomBytes(96).toString('base64url');
    this.#pending.set(token, pending);
    return token;
  }

  /** A Session is good once, for 3 minutes. */
  #take(token: string): Pending {
    const { errors } = cognitoLocal;
    const pending = this.#pending.get(token);
    if (!pending || pending.expiresAt <= Date.now())
      throw new errors.NotAuthorizedError('Invalid session for the user, session is expired.');
    if (pending.used) throw new errors.NotAuthorizedError('Invalid session for the user.');
    pending.used = true;
    return pending;
  }
}

function userAttributes(user: User): StringMap {
  return {
    ...cognitoLocal.userPoolService.attributesToRecord(user.Attributes),
    'cognito:user_status': user.UserStatus,
  };
}

function assertCanSignIn(user: User): void {
  const { errors } = cognitoLocal;
  if (!user.Enabled) throw new errors.NotAuthorizedError('User is disabled.');
  if (user.UserStatus === 'UNCONFIRMED') throw new errors.UserNotConfirmedException();
}
