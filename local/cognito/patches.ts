/**
 * Wrappers around cognito-local's API operations, installed into its mutable `Targets` table
 * (its router looks an operation up there on every request). Each wrapper handles what
 * cognito-local lacks and hands everything else to the original operation.
 */
import { randomUUID } from 'node:crypto';
import { withTokenMeta, type CustomAuth } from './custom-auth.ts';
import {
  cognitoLocal,
  type AttributeType,
  type Ctx,
  type Services,
  type Target,
  type User,
  type UserPoolService,
} from './internals.ts';

type Route = (ctx: Ctx, req: Record<string, unknown>) => Promise<Record<string, unknown>>;

/** E.164, as Cognito stores phone_number. */
const PHONE = /^\+[1-9]\d{6,14}$/;

function addTokenMeta(result: Record<string, unknown>): Record<string, unknown> {
  const auth = result.AuthenticationResult as { AccessToken?: string } | undefined;
  return auth?.AccessToken ? { ...result, AuthenticationResult: withTokenMeta(auth) } : result;
}

export function installPatches(customAuth: CustomAuth): void {
  const targets = cognitoLocal.targets.Targets;
  const { errors } = cognitoLocal;

  const wrap = (name: string, wrapper: (services: Services, original: Route, factory: Target) => Route) => {
    const factory = targets[name];
    if (!factory) throw new Error(`cognito-local has no ${name} target`);
    const patched: Target = (services) => wrapper(services, factory(services), factory);
    targets[name] = patched;
  };

  wrap('InitiateAuth', (services, original) => async (ctx, req) => {
    if (req.AuthFlow === 'CUSTOM_AUTH') return customAuth.initiate(services, ctx, req);
    try {
      return addTokenMeta(await original(ctx, req));
    } catch (error) {
      // Cognito answers a wrong password with NotAuthorizedException; cognito-local says InvalidPassword.
      if (error instanceof errors.InvalidPasswordError) throw new errors.NotAuthorizedError();
      throw error;
    }
  });
  wrap(
    'AdminInitiateAuth',
    (services, original) => async (ctx, req) =>
      req.AuthFlow === 'CUSTOM_AUTH' ? customAuth.initiate(services, ctx, req) : addTokenMeta(await original(ctx, req)),
  );

  wrap('RespondToAuthChallenge', (services, original) => async (ctx, req) => {
    if (req.ChallengeName === 'CUSTOM_CHALLENGE') return customAuth.respond(services, ctx, req);
    const result = addTokenMeta(await original(ctx, req));
    // cognito-local does not keep the refresh token issued after NEW_PASSWORD_REQUIRED or MFA,
    // so REFRESH_TOKEN_AUTH and RevokeToken would reject it.
    const refreshToken = (result.AuthenticationResult as { RefreshToken?: string } | undefined)?.RefreshToken;
    const username = (req.ChallengeResponses as Record<string, string> | undefined)?.USERNAME;
    if (refreshToken && username && typeof req.ClientId === 'string') {
      const pool = await services.cognito.getUserPoolForClientId(ctx, req.ClientId);
      const user = await pool.getUserByUsername(ctx, username);
      if (user && !user.RefreshTokens?.includes(refreshToken)) await pool.storeRefreshToken(ctx, refreshToken, user);
    }
    return result;
  });

  // Not in cognito-local at all; only the CUSTOM_CHALLENGE flow is provided.
  targets.AdminRespondToAuthChallenge = (services) => async (ctx, req) => {
    if (req.ChallengeName === 'CUSTOM_CHALLENGE') return customAuth.respond(services, ctx, req);
    throw new errors.UnsupportedError(`AdminRespondToAuthChallenge with ChallengeName=${String(req.ChallengeName)}`);
  };

  // cognito-local filters the groups by the Username as given, so an email, phone or sub alias
  // found the user but listed no groups.
  wrap('AdminListGroupsForUser', (services, original) => async (ctx, req) => {
    const pool = await services.cognito.getUserPool(ctx, String(req.UserPoolId));
    const user = await pool.getUserByUsername(ctx, String(req.Username));
    return original(ctx, user ? { ...req, Username: user.Username } : req);
  });

  // With UsernameAttributes [email, phone_number] Cognito accepts a phone number as the Username
  // of SignUp / AdminCreateUser; cognito-local insists on an email. Run the original against a
  // view of the pool that treats the phone as the username, then store the user under its sub.
  wrap('SignUp', (services, original, factory) => async (ctx, req) => {
    const pool = await services.cognito.getUserPoolForClientId(ctx, String(req.ClientId));
    const created = await createUnderPhone(services, pool, factory, ctx, req);
    if (!created) return original(ctx, req);
    return { ...created.result, UserSub: created.sub };
  });
  wrap('AdminCreateUser', (services, original, factory) => async (ctx, req) => {
    const pool = await services.cognito.getUserPool(ctx, String(req.UserPoolId));
    const created = await createUnderPhone(services, pool, factory, ctx, req);
    if (!created) return original(ctx, req);
    const { result, sub } = created;
    const user = result.User as Record<string, unknown> | undefined;
    return user ? { ...result, User: { ...user, Username: sub } } : result;
  });
}

/**
 * Runs an operation that creates a user (`factory`'s) for a phone number given as the Username:
 * against a view of the pool that treats the phone as the username, storing the user under a new
 * sub. Undefined (nothing run) when the Username is not a phone number this pool takes.
 */
async function createUnderPhone(
  services: Services,
  pool: UserPoolService,
  factory: Target,
  ctx: Ctx,
  req: Record<string, unknown>,
): Promise<{ result: Record<string, unknown>; sub: string } | undefined> {
  const phone = phoneUsername(pool, req.Username);
  if (!phone) return undefined;
  const sub = randomUUID();
  const result = await factory(phoneView(services, pool, phone, sub))(ctx, {
    ...req,
    UserAttributes: phoneAttributes(req.UserAttributes, phone, sub),
  });
  return { result, sub };
}

function phoneUsername(pool: UserPoolService, username: unknown): string | undefined {
  return typeof username === 'string' &&
    PHONE.test(username) &&
    pool.options.UsernameAttributes?.includes('phone_number')
    ? username
    : undefined;
}

function phoneAttributes(given: unknown, phone: string, sub: string): AttributeType[] {
  const attributes = ((given as AttributeType[] | undefined) ?? []).filter((attribute) => attribute.Name !== 'sub');
  if (!attributes.some((attribute) => attribute.Name === 'phone_number'))
    attributes.push({ Name: 'phone_number', Value: phone });
  return [{ Name: 'sub', Value: sub }, ...attributes];
}

/** Services whose pool treats the phone number as the username and saves that user under its sub. */
function phoneView(services: Services, pool: UserPoolService, phone: string, sub: string): Services {
  const view = Object.create(pool, {
    options: { value: { ...pool.options, UsernameAttributes: ['phone_number'] } },
    saveUser: {
      value: (ctx: Ctx, user: User) => pool.saveUser(ctx, user.Username === phone ? { ...user, Username: sub } : user),
    },
  }) as UserPoolService;
  const cognito = Object.create(services.cognito, {
    getUserPool: { value: async () => view },
    getUserPoolForClientId: { value: async () => view },
  }) as Services['cognito'];
  return { ...services, cognito };
}
