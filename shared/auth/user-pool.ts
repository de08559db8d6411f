/**
 * The user pool's settings, once: CDK builds the Cognito pool from them, the local Cognito is
 * provisioned from them, and the sign-up validation uses the same password policy.
 */
export const userPoolSettings = {
  /** Email or an E.164 phone number is the username. */
  usernameAttributes: ['email', 'phone_number'],
  password: {
    minLength: 8,
    requireLowercase: true,
    requireUppercase: true,
    requireDigits: true,
    requireSymbols: false,
  },
  /** Custom attribute `custom:locale` holds 'id' or 'en'. */
  localeAttribute: { name: 'locale', minLength: 2, maxLength: 5 },
  /** USER_PASSWORD_AUTH, CUSTOM_AUTH (passwordless OTP) and refresh. */
  authFlows: ['USER_PASSWORD_AUTH', 'CUSTOM_AUTH', 'REFRESH_TOKEN_AUTH'],
  accessTokenMinutes: 60,
  idTokenMinutes: 60,
  refreshTokenDays: 30,
  /** How long a custom-auth session lives between the challenge and the answer. */
  authSessionMinutes: 3,
  /**
   * The scope every Cognito access token carries and no ID token does. The API's JWT authorizer
   * requires it on user routes (CDK route `authorizationScopes`, the local gateway's verifier), so
   * an ID token of the same client is refused there as well as by the handler wrapper.
   */
  accessTokenScope: 'aws.cognito.signin.user.admin',
} as const;
