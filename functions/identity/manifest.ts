import * as z from 'zod';
import { defineDomain } from '#shared/manifest/types.ts';
import { userPoolSettings } from '#shared/auth/user-pool.ts';
import { email, indonesianPhone, locale, problemResponse } from '#shared/http/schemas.ts';

const problem = problemResponse;

const tokens = z.lazy(() =>
  z.object({
    accessToken: z.string(),
    idToken: z.string(),
    refreshToken: z.string().optional(),
    expiresIn: z.number().int(),
    tokenType: z.literal('Bearer'),
  }),
);

/** The pool's password policy, checked here too so the user gets a clear message. */
const policy = userPoolSettings.password;
const password = () =>
  z
    .string()
    .min(policy.minLength)
    .max(256)
    .refine((value) => !policy.requireLowercase || /[a-z]/.test(value), 'needs a lower-case letter')
    .refine((value) => !policy.requireUppercase || /[A-Z]/.test(value), 'needs an upper-case letter')
    .refine((value) => !policy.requireDigits || /\d/.test(value), 'needs a number');

const username = z.lazy(() => z.union([email, indonesianPhone]));

export const signUpBody = z.lazy(() =>
  z
    .strictObject({
      email: email.optional(),
      phone: indonesianPhone.optional(),
      password: password(),
      name: z.string().trim().min(1).max(100),
      locale: locale.optional(),
    })
    .refine((body) => Boolean(body.email) !== Boolean(body.phone), {
      message: 'give either email or phone',
      path: ['email'],
    }),
);

export const otpStartBody = z.lazy(() =>
  z
    .strictObject({
      email: email.optional(),
      phone: indonesianPhone.optional(),
      /** For a phone: SMS (default) or WhatsApp. */
      channel: z.enum(['sms', 'whatsapp']).optional(),
      locale: locale.optional(),
    })
    .refine((body) => Boolean(body.email) !== Boolean(body.phone), {
      message: 'give either email or phone',
      path: ['email'],
    })
    .refine((body) => !(body.email && body.channel), {
      message: 'a channel is chosen only for a phone number',
      path: ['channel'],
    }),
);

export const otpVerifyBody = z.lazy(() =>
  z
    .strictObject({ email: email.optional(), phone: indonesianPhone.optional(), code: z.string().regex(/^\d{6}$/) })
    .refine((body) => Boolean(body.email) !== Boolean(body.phone), {
      message: 'give either email or phone',
      path: ['email'],
    }),
);

const cognitoAuth = ['InitiateAuth', 'RespondToAuthChallenge'] as const;

/** Identity: sign-up, confirmation, sign-in, tokens, passwordless codes (Cognito behind the API). */
export const manifest = defineDomain({
  domain: 'identity',
  description: 'Accounts and tokens: Cognito behind the API, codes delivered through notifications',
  routes: {
    signUp: {
      method: 'POST',
      path: '/v1/auth/sign-up',
      handler: 'handlers/sign-up.ts',
      emits: ['notification.requested'],
      auth: 'public',
      access: { table: 'readwrite', userPool: ['SignUp', 'AdminGetUser'] },
      summary: 'Create an account with email or an Indonesian phone number (+62)',
      request: { body: signUpBody },
      responses: {
        201: {
          description: 'Account created; a confirmation code was sent',
          body: z.object({ userId: z.string(), confirmation: z.enum(['email', 'sms']) }),
        },
        400: problem('Bad input'),
        409: problem('Account exists'),
      },
    },
    confirm: {
      method: 'POST',
      path: '/v1/auth/confirm',
      handler: 'handlers/confirm.ts',
      emits: ['user.registered'],
      auth: 'public',
      access: {
        table: 'readwrite',
        userPool: ['AdminConfirmSignUp', 'AdminGetUser', 'AdminUpdateUserAttributes', 'AdminAddUserToGroup'],
      },
      summary: 'Confirm an account with the code that was sent',
      request: { body: z.strictObject({ username, code: z.string().regex(/^\d{6}$/) }) },
      responses: {
        204: { description: 'Confirmed' },
        400: problem('Bad input or wrong code'),
        429: problem('Too many attempts'),
      },
    },
    resendConfirmation: {
      method: 'POST',
      path: '/v1/auth/confirm/resend',
      handler: 'handlers/resend-confirmation.ts',
      emits: ['notification.requested'],
      auth: 'public',
      access: { table: 'readwrite', userPool: ['AdminGetUser'] },
      summary: 'Send a new confirmation code to an account that is not confirmed yet (at most once a minute)',
      request: { body: z.strictObject({ username }) },
      responses: {
        202: { description: 'A new code was sent if the account waits for confirmation' },
        400: problem('Bad input'),
      },
    },
    signIn: {
      method: 'POST',
      path: '/v1/auth/sign-in',
      handler: 'handlers/sign-in.ts',
      emits: [],
      auth: 'public',
      access: { userPool: cognitoAuth },
      summary: 'Sign in with password',
      request: { body: z.strictObject({ username, password: z.string().min(1).max(256) }) },
      responses: {
        200: { description: 'Tokens', body: tokens },
        400: problem('Bad input'),
        401: problem('Wrong credentials'),
      },
    },
    refresh: {
      method: 'POST',
      path: '/v1/auth/refresh',
      handler: 'handlers/refresh.ts',
      emits: [],
      auth: 'public',
      access: { userPool: ['InitiateAuth'] },
      summary: 'New access and id tokens from a refresh token',
      request: { body: z.strictObject({ refreshToken: z.string().min(1).max(4096) }) },
      responses: {
        200: { description: 'Tokens', body: tokens },
        400: problem('Bad input'),
        401: problem('Invalid or revoked refresh token'),
      },
    },
    signOut: {
      method: 'POST',
      path: '/v1/auth/sign-out',
      handler: 'handlers/sign-out.ts',
      emits: [],
      auth: 'user',
      access: { userPool: ['RevokeToken'] },
      summary: 'Revoke the refresh token (and the access tokens issued from it)',
      request: { body: z.strictObject({ refreshToken: z.string().min(1).max(4096) }) },
      responses: { 204: { description: 'Signed out' }, 400: problem('Bad input'), 401: problem('No token') },
    },
    startOtp: {
      method: 'POST',
      path: '/v1/auth/otp/start',
      handler: 'handlers/start-otp.ts',
      emits: [],
      auth: 'public',
      access: { table: 'readwrite', userPool: ['InitiateAuth', 'AdminGetUser'] },
      summary: 'Send a one-time sign-in code by SMS, WhatsApp or email',
      request: { body: otpStartBody },
      responses: { 202: { description: 'A code was sent if the account exists' }, 400: problem('Bad input') },
    },
    verifyOtp: {
      method: 'POST',
      path: '/v1/auth/otp/verify',
      handler: 'handlers/verify-otp.ts',
      emits: [],
      auth: 'public',
      access: { table: 'readwrite', userPool: cognitoAuth },
      summary: 'Sign in with the one-time code',
      request: { body: otpVerifyBody },
      responses: { 200: { description: 'Tokens', body: tokens }, 400: problem('Bad input or wrong code') },
    },
  },
  userPoolTriggers: {
    defineAuthChallenge: {
      description: 'Passwordless flow: one custom challenge, three tries',
      trigger: 'DefineAuthChallenge',
      handler: 'handlers/define-auth-challenge.ts',
      access: {},
    },
    createAuthChallenge: {
      description: 'Passwordless flow: make a code and send it through notifications',
      trigger: 'CreateAuthChallenge',
      handler: 'handlers/create-auth-challenge.ts',
      access: { table: 'readwrite' },
    },
    verifyAuthChallenge: {
      description: 'Passwordless flow: check the code',
      trigger: 'VerifyAuthChallengeResponse',
      handler: 'handlers/verify-auth-challenge.ts',
      access: {},
    },
  },
  subscriptions: {
    grantStaffGroup: {
      description: 'A new vendor member joins the Cognito group of their role (clinic_admin or clinic_staff)',
      events: ['vendor.staff_added'],
      handler: 'handlers/on-vendor-staff-added.ts',
      emits: [],
      access: { userPool: ['AdminAddUserToGroup'] },
    },
  },
});
