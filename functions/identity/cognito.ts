import {
  AdminAddUserToGroupCommand,
  AdminConfirmSignUpCommand,
  AdminGetUserCommand,
  AdminUpdateUserAttributesCommand,
  CognitoIdentityProviderClient,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  RevokeTokenCommand,
  SignUpCommand,
  type AuthenticationResultType,
} from '@aws-sdk/client-cognito-identity-provider';
import { ENV, requireEnv } from '#shared/config/env.ts';
import {
  IdentityError,
  type Tokens,
  type IdentityProvider,
  type AccountInfo,
  type ChallengeOutcome,
} from './identity.ts';

/** The Cognito adapter of the IdentityProvider port. The endpoint comes from the environment. */
export function cognitoIdentityProvider(client = new CognitoIdentityProviderClient({})): IdentityProvider {
  const userPoolId = () => requireEnv(ENV.userPoolId);
  const clientId = () => requireEnv(ENV.userPoolClientId);

  const tokens = (result: AuthenticationResultType | undefined): Tokens => {
    if (!result?.AccessToken || !result.IdToken) throw new Error('Cognito returned no tokens');
    return {
      accessToken: result.AccessToken,
      idToken: result.IdToken,
      ...(result.RefreshToken ? { refreshToken: result.RefreshToken } : {}),
      expiresIn: result.ExpiresIn ?? 3600,
      tokenType: 'Bearer',
    };
  };

  return {
    async signUp({ username, password, name, locale, email, phone }) {
      const attributes = [
        { Name: 'name', Value: name },
        { Name: 'custom:locale', Value: locale },
        ...(email ? [{ Name: 'email', Value: email }] : []),
        ...(phone ? [{ Name: 'phone_number', Value: phone }] : []),
      ];
      const result = await client.send(
        new SignUpCommand({ ClientId: clientId(), Username: username, Password: password, UserAttributes: attributes }),
      );
      if (!result.UserSub) throw new Error('Cognito returned no user id');
      return { userId: result.UserSub };
    },

    async getAccount(username): Promise<AccountInfo | undefined> {
      try {
        const user = await client.send(new AdminGetUserCommand({ UserPoolId: userPoolId(), Username: username }));
        const attribute = (name: string) => user.UserAttributes?.find((a) => a.Name === name)?.Value;
        return {
          userId: attribute('sub') ?? username,
          name: attribute('name') ?? '',
          email: attribute('email'),
          phone: attribute('phone_number'),
          locale: attribute('custom:locale') === 'en' ? 'en' : 'id',
          confirmed: user.UserStatus === 'CONFIRMED',
          enabled: user.Enabled !== false,
        };
      } catch (error) {
        if ((error as Error).name === 'UserNotFoundException') return undefined;
        throw error;
      }
    },

    async confirm(username, channel) {
      try {
        await client.send(new AdminConfirmSignUpCommand({ UserPoolId: userPoolId(), Username: username }));
      } catch (error) {
        // Confirming twice is not an error for us: a retried confirmation must succeed.
        const alreadyConfirmed =
          (error as Error).name === 'NotAuthorizedException' && /CONFIRMED/i.test((error as Error).message);
        if (!alreadyConfirmed) throw error;
      }
      await client.send(
        new AdminUpdateUserAttributesCommand({
          UserPoolId: userPoolId(),
          Username: username,
          // The address itself goes along: the code proved this exact address.
          UserAttributes:
            channel === 'email'
              ? [
                  { Name: 'email', Value: username },
                  { Name: 'email_verified', Value: 'true' },
                ]
              : [
                  { Name: 'phone_number', Value: username },
                  { Name: 'phone_number_verified', Value: 'true' },
                ],
        }),
      );
    },

    async addToGroup(username, group) {
      await client.send(
        new AdminAddUserToGroupCommand({ UserPoolId: userPoolId(), Username: username, GroupName: group }),
      );
    },

    async signIn(username, password) {
      const result = await client.send(
        new InitiateAuthCommand({
          ClientId: clientId(),
          AuthFlow: 'USER_PASSWORD_AUTH',
          AuthParameters: { USERNAME: username, PASSWORD: password },
        }),
      );
      return tokens(result.AuthenticationResult);
    },

    async refresh(refreshToken) {
      const result = await client.send(
        new InitiateAuthCommand({
          ClientId: clientId(),
          AuthFlow: 'REFRESH_TOKEN_AUTH',
          AuthParameters: { REFRESH_TOKEN: refreshToken },
        }),
      );
      return tokens(result.AuthenticationResult);
    },

    async revoke(refreshToken) {
      await client.send(new RevokeTokenCommand({ ClientId: clientId(), Token: refreshToken }));
    },

    async startChallenge(username, metadata) {
      const result = await client.send(
        new InitiateAuthCommand({
          ClientId: clientId(),
          AuthFlow: 'CUSTOM_AUTH',
          AuthParameters: { USERNAME: username },
          ...(metadata ? { ClientMetadata: metadata } : {}),
        }),
      );
      if (!result.Session) throw new Error('Cognito returned no session');
      return result.Session;
    },

    async answerChallenge(username, session, answer): Promise<ChallengeOutcome> {
      const result = await client.send(
        new RespondToAuthChallengeCommand({
          ClientId: clientId(),
          ChallengeName: 'CUSTOM_CHALLENGE',
          Session: session,
          ChallengeResponses: { USERNAME: username, ANSWER: answer },
        }),
      );
      if (result.AuthenticationResult) return { kind: 'tokens', tokens: tokens(result.AuthenticationResult) };
      if (!result.Session) throw new Error('Cognito returned neither tokens nor a session');
      return { kind: 'retry', session: result.Session };
    },
  };
}

const ERROR_KINDS: Record<string, IdentityError['kind']> = {
  UsernameExistsException: 'exists',
  AliasExistsException: 'exists',
  NotAuthorizedException: 'unauthorized',
  UserNotFoundException: 'unauthorized',
  UserNotConfirmedException: 'not-confirmed',
  InvalidPasswordException: 'weak-password',
  CodeMismatchException: 'unauthorized',
  ExpiredCodeException: 'unauthorized',
};

/** Cognito's errors, translated into the port's; anything else passes through. */
export function withIdentityErrors(provider: IdentityProvider): IdentityProvider {
  const wrapped = {} as Record<string, unknown>;
  for (const [name, method] of Object.entries(provider) as [string, (...args: unknown[]) => Promise<unknown>][]) {
    wrapped[name] = async (...args: unknown[]) => {
      try {
        return await method(...args);
      } catch (error) {
        const kind = error instanceof Error ? ERROR_KINDS[error.name] : undefined;
        throw kind ? new IdentityError(kind, (error as Error).message) : error;
      }
    };
  }
  return wrapped as unknown as IdentityProvider;
}
