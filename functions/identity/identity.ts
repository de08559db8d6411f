import { domainEvent } from '#shared/events/envelope.ts';
import type { Refusal } from '#shared/lib/refusal.ts';
import { refuse } from '#shared/lib/refusal.ts';
import type { Locale } from '#shared/lib/locale.ts';
import type { Group } from '#shared/auth/groups.ts';
import type { IdentityStore } from './store.ts';
import {
  channelOf,
  codeMatches,
  usernameOf,
  CODE_TTL_SECONDS,
  generateCode,
  hashCode,
  MAX_CODE_ATTEMPTS,
} from './codes.ts';

/** The identity domain: sign-up, confirmation, sign-in and passwordless codes. No AWS imports. */

export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken?: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

export interface AccountInfo {
  userId: string;
  name: string;
  email: string | undefined;
  phone: string | undefined;
  locale: Locale;
  confirmed: boolean;
  enabled: boolean;
}

export type ChallengeOutcome = { kind: 'tokens'; tokens: Tokens } | { kind: 'retry'; session: string };

/** Errors the identity provider reports, in the domain's words. */
export class IdentityError extends Error {
  readonly kind: 'exists' | 'unauthorized' | 'not-confirmed' | 'weak-password';
  constructor(kind: IdentityError['kind'], message: string) {
    super(message);
    this.name = 'IdentityError';
    this.kind = kind;
  }
}

/** The user directory (Cognito in AWS and locally). */
export interface IdentityProvider {
  signUp(input: {
    username: string;
    password: string;
    name: string;
    locale: Locale;
    email?: string | undefined;
    phone?: string | undefined;
  }): Promise<{ userId: string }>;
  getAccount(username: string): Promise<AccountInfo | undefined>;
  confirm(username: string, channel: 'email' | 'sms'): Promise<void>;
  addToGroup(username: string, group: Group): Promise<void>;
  signIn(username: string, password: string): Promise<Tokens>;
  refresh(refreshToken: string): Promise<Tokens>;
  revoke(refreshToken: string): Promise<void>;
  /** Starts Cognito's custom-auth flow; `metadata` reaches the challenge triggers (e.g. the channel). */
  startChallenge(username: string, metadata?: Record<string, string>): Promise<string>;
  answerChallenge(username: string, session: string, answer: string): Promise<ChallengeOutcome>;
}

export interface IdentityDeps {
  provider: IdentityProvider;
  store: IdentityStore;
  correlationId: string;
}

/** Cognito keeps a custom-auth session for 3 minutes; so do we. */
export const OTP_SESSION_TTL_SECONDS = 3 * 60;
/** A new sign-in code is sent at most once a minute per account (SMS costs money, and invites abuse). */
export const OTP_RESEND_SECONDS = 60;
/** Likewise for confirmation codes. */
export const CODE_RESEND_SECONDS = 60;

/** Codes go by email to an email address; to a phone by SMS, or WhatsApp when asked for. */
export type CodeChannel = 'email' | 'sms' | 'whatsapp';

function codeNotification(
  username: string,
  code: string,
  locale: Locale,
  template: 'verification-code' | 'sign-in-code',
  correlationId: string,
  channel: CodeChannel = channelOf(username),
) {
  return domainEvent(
    'notification.requested',
    { channel, to: username, template, locale, params: { code } },
    correlationId,
  );
}

async function mapIdentityErrors<T>(
  work: () => Promise<T>,
  unauthorized: Refusal = refuse.unauthenticated('invalid-credentials'),
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (!(error instanceof IdentityError)) throw error;
    switch (error.kind) {
      case 'exists':
        throw refuse.conflict('account-exists');
      case 'weak-password':
        throw refuse.invalid('weak-password');
      case 'not-confirmed':
        throw refuse.forbidden('not-confirmed');
      case 'unauthorized':
        throw unauthorized;
    }
  }
}

export async function signUp(
  deps: IdentityDeps,
  input: {
    email?: string | undefined;
    phone?: string | undefined;
    password: string;
    name: string;
    locale?: Locale | undefined;
  },
): Promise<{ userId: string; confirmation: 'email' | 'sms' }> {
  const username = usernameOf(input);
  const locale = input.locale ?? 'id';
  const { userId } = await mapIdentityErrors(() =>
    deps.provider.signUp({
      username,
      password: input.password,
      name: input.name,
      locale,
      email: input.email,
      phone: input.phone,
    }),
  );
  await issueCode(deps, username, locale);
  return { userId, confirmation: channelOf(username) };
}

async function issueCode(deps: IdentityDeps, username: string, locale: Locale): Promise<void> {
  const code = generateCode();
  await deps.store.saveCode(username, hashCode(code), CODE_TTL_SECONDS, [
    codeNotification(username, code, locale, 'verification-code', deps.correlationId),
  ]);
}

/** Sends a new confirmation code to an unconfirmed account, at most once a minute; says nothing either way. */
export async function resendConfirmation(
  deps: IdentityDeps,
  username: string,
  now: number = Math.floor(Date.now() / 1000),
): Promise<void> {
  const account = await deps.provider.getAccount(username);
  if (!account || account.confirmed) return;
  const current = await deps.store.findCode(username);
  if (current && now - current.sentAt < CODE_RESEND_SECONDS) return;
  await issueCode(deps, username, account.locale);
}

/**
 * Confirms the account when the code is right. Cognito is told first (idempotently), then the
 * code is used up together with `user.registered` — so a crash in between is healed by a retry.
 */
export async function confirmSignUp(deps: IdentityDeps, input: { username: string; code: string }): Promise<void> {
  const stored = await deps.store.findCode(input.username);
  if (!stored) throw refuse.invalid('invalid-code');
  if (stored.attempts >= MAX_CODE_ATTEMPTS) throw refuse.tooMany();
  if (!codeMatches(input.code, stored.codeHash)) {
    const counted = await deps.store.countFailedAttempt(input.username, MAX_CODE_ATTEMPTS);
    throw counted ? refuse.invalid('invalid-code') : refuse.tooMany('too-many-attempts');
  }
  const account = await deps.provider.getAccount(input.username);
  if (!account) throw refuse.invalid('invalid-code');
  const channel = channelOf(input.username);
  await deps.provider.confirm(input.username, channel);
  await deps.provider.addToGroup(input.username, 'customer');
  const registered = domainEvent(
    'user.registered',
    {
      userId: account.userId,
      name: account.name,
      locale: account.locale,
      groups: ['customer'],
      ...(account.email ? { email: account.email } : {}),
      ...(account.phone ? { phone: account.phone } : {}),
    },
    deps.correlationId,
  );
  // false: a concurrent confirmation used the code first and emitted the event; we are done too.
  await deps.store.consumeCode(input.username, stored.codeHash, [registered]);
}

export async function signIn(
  deps: Pick<IdentityDeps, 'provider'>,
  input: { username: string; password: string },
): Promise<Tokens> {
  return mapIdentityErrors(() => deps.provider.signIn(input.username, input.password));
}

export async function refreshTokens(deps: Pick<IdentityDeps, 'provider'>, refreshToken: string): Promise<Tokens> {
  return mapIdentityErrors(() => deps.provider.refresh(refreshToken), refuse.unauthenticated('invalid-token'));
}

export async function signOut(deps: Pick<IdentityDeps, 'provider'>, refreshToken: string): Promise<void> {
  await mapIdentityErrors(() => deps.provider.revoke(refreshToken), refuse.unauthenticated('invalid-token'));
}

/**
 * Starts a passwordless sign-in. Always "accepted": whether the account exists is not told.
 * The code itself is made and sent by the CreateAuthChallenge trigger.
 */
export async function startOtp(
  deps: IdentityDeps,
  username: string,
  options: { channel?: 'sms' | 'whatsapp' | undefined; now?: number } = {},
): Promise<void> {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const current = await deps.store.findOtpSession(username);
  if (current && now - current.startedAt < OTP_RESEND_SECONDS) return; // the code sent moments ago still works
  const account = await deps.provider.getAccount(username);
  if (!account || !account.confirmed || !account.enabled) return;
  const session = await deps.provider.startChallenge(
    username,
    options.channel && channelOf(username) === 'sms' ? { channel: options.channel } : undefined,
  );
  await deps.store.saveOtpSession(username, { session, startedAt: now }, OTP_SESSION_TTL_SECONDS);
}

export async function verifyOtp(deps: IdentityDeps, input: { username: string; code: string }): Promise<Tokens> {
  const current = await deps.store.findOtpSession(input.username);
  if (!current) throw refuse.invalid('invalid-code');
  let outcome: ChallengeOutcome;
  try {
    outcome = await deps.provider.answerChallenge(input.username, current.session, input.code);
  } catch (error) {
    if (error instanceof IdentityError && error.kind === 'unauthorized') {
      // Too many wrong codes or an expired session: the flow is over, start again.
      await deps.store.deleteOtpSession(input.username);
      throw refuse.invalid('invalid-code');
    }
    throw error;
  }
  if (outcome.kind === 'retry') {
    await deps.store.saveOtpSession(
      input.username,
      { session: outcome.session, startedAt: current.startedAt },
      OTP_SESSION_TTL_SECONDS,
    );
    throw refuse.invalid('invalid-code');
  }
  await deps.store.deleteOtpSession(input.username);
  return outcome.tokens;
}

/**
 * From vendor.staff_added: the new member joins the Cognito group of their role, the coarse role
 * the dashboards read from the next token (who may do what stays decided per vendor, by the
 * vendors domain). Adding a member twice changes nothing, so redeliveries are harmless.
 */
export async function grantStaffGroup(
  deps: Pick<IdentityDeps, 'provider'>,
  member: { username: string; role: 'clinic_admin' | 'clinic_staff' },
): Promise<void> {
  await deps.provider.addToGroup(member.username, member.role);
}

/** Used by the CreateAuthChallenge trigger: sends a fresh code through the notification path. */
export async function sendSignInCode(
  deps: Pick<IdentityDeps, 'store' | 'correlationId'>,
  username: string,
  locale: Locale,
  channel: CodeChannel = channelOf(username),
): Promise<{ codeHash: string }> {
  const code = generateCode();
  await deps.store.publish([codeNotification(username, code, locale, 'sign-in-code', deps.correlationId, channel)]);
  return { codeHash: hashCode(code) };
}

export const MAX_OTP_ANSWERS = 3;
