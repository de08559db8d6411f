import { describe, expect, it, vi } from 'vitest';
import type { EventEnvelope } from '#shared/events/catalog.ts';
import {
  confirmSignUp,
  IdentityError,
  resendConfirmation,
  signIn,
  signUp,
  startOtp,
  verifyOtp,
  type AccountInfo,
  type IdentityDeps,
  type IdentityProvider,
} from './identity.ts';
import { codeMatches, hashCode } from './codes.ts';
import type { IdentityStore } from './store.ts';
import { refusalOf } from '#local/testing.ts';

/** In-memory fakes of the two ports, with the same rules as the real adapters. */
function fakes(account: Partial<AccountInfo> = {}) {
  const codes = new Map<string, { codeHash: string; attempts: number; sentAt: number }>();
  const sessions = new Map<string, { session: string; startedAt: number }>();
  const published: EventEnvelope[] = [];
  const store: IdentityStore = {
    saveCode: async (username, codeHash, _ttl, events) => {
      codes.set(username, { codeHash, attempts: 0, sentAt: Math.floor(Date.now() / 1000) });
      published.push(...events);
    },
    findCode: async (username) => codes.get(username),
    countFailedAttempt: async (username, max) => {
      const code = codes.get(username);
      if (!code || code.attempts >= max) return false;
      code.attempts += 1;
      return true;
    },
    consumeCode: async (username, codeHash, events) => {
      if (codes.get(username)?.codeHash !== codeHash) return false;
      codes.delete(username);
      published.push(...events);
      return true;
    },
    saveOtpSession: async (username, session) => void sessions.set(username, session),
    findOtpSession: async (username) => sessions.get(username),
    deleteOtpSession: async (username) => void sessions.delete(username),
    publish: async (events) => void published.push(...events),
  };
  const provider: IdentityProvider = {
    signUp: vi.fn(async () => ({ userId: 'sub-1' })),
    getAccount: vi.fn(async () => ({
      userId: 'sub-1',
      name: 'Dewi',
      email: 'dewi@example.id',
      phone: undefined,
      locale: 'id' as const,
      confirmed: true,
      enabled: true,
      ...account,
    })),
    confirm: vi.fn(async () => undefined),
    addToGroup: vi.fn(async () => undefined),
    signIn: vi.fn(async () => ({
      accessToken: 'a',
      idToken: 'i',
      refreshToken: 'r',
      expiresIn: 3600,
      tokenType: 'Bearer' as const,
    })),
    refresh: vi.fn(),
    revoke: vi.fn(),
    startChallenge: vi.fn(async () => 'session-1'),
    answerChallenge: vi.fn(),
  };
  const deps: IdentityDeps = { provider, store, correlationId: 'test' };
  return { deps, provider, codes, sessions, published };
}

const status = async (work: Promise<unknown>) =>
  work.then(
    () => 200,
    async (error: unknown) => (await refusalOf(Promise.reject(error)))!.status,
  );
const sentCode = (published: EventEnvelope[]) =>
  (published.at(-1) as EventEnvelope<'notification.requested'>).data.params.code!;

describe('sign-up and confirmation', () => {
  it('sends a code in the chosen language by the channel of the username', async () => {
    const { deps, published } = fakes();
    expect(
      await signUp(deps, { phone: '+6281234567890', password: 'Rahasia2026', name: 'Rudi', locale: 'en' }),
    ).toEqual({ userId: 'sub-1', confirmation: 'sms' });
    expect(published[0]).toMatchObject({
      type: 'notification.requested',
      data: { channel: 'sms', to: '+6281234567890', locale: 'en', template: 'verification-code' },
    });
  });

  it('maps an existing account to 409', async () => {
    const { deps, provider } = fakes();
    vi.mocked(provider.signUp).mockRejectedValueOnce(new IdentityError('exists', 'exists'));
    expect(await status(signUp(deps, { email: 'a@example.id', password: 'Rahasia2026', name: 'A' }))).toBe(409);
  });

  it('confirms with the right code, once, emitting user.registered once', async () => {
    const { deps, provider, published } = fakes();
    await signUp(deps, { email: 'dewi@example.id', password: 'Rahasia2026', name: 'Dewi' });
    const code = sentCode(published);
    await confirmSignUp(deps, { username: 'dewi@example.id', code });
    expect(provider.confirm).toHaveBeenCalledWith('dewi@example.id', 'email');
    expect(provider.addToGroup).toHaveBeenCalledWith('dewi@example.id', 'customer');
    expect(published.filter((event) => event.type === 'user.registered')).toHaveLength(1);
    expect(await status(confirmSignUp(deps, { username: 'dewi@example.id', code }))).toBe(400);
  });

  it('counts wrong codes and stops after five', async () => {
    const { deps, published, codes } = fakes();
    await signUp(deps, { email: 'dewi@example.id', password: 'Rahasia2026', name: 'Dewi' });
    const right = sentCode(published);
    const wrong = right === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i += 1)
      expect(await status(confirmSignUp(deps, { username: 'dewi@example.id', code: wrong }))).toBe(400);
    expect(codes.get('dewi@example.id')?.attempts).toBe(5);
    expect(await status(confirmSignUp(deps, { username: 'dewi@example.id', code: right }))).toBe(429);
  });
});

describe('resending the confirmation code', () => {
  it('sends a fresh code to unconfirmed accounts only, at most once a minute', async () => {
    const { deps, published } = fakes({ confirmed: false });
    await signUp(deps, { email: 'dewi@example.id', password: 'Rahasia2026', name: 'Dewi' });
    const now = Math.floor(Date.now() / 1000);
    await resendConfirmation(deps, 'dewi@example.id', now + 10);
    expect(published).toHaveLength(1);
    await resendConfirmation(deps, 'dewi@example.id', now + 61);
    expect(published).toHaveLength(2);
    const fresh = sentCode(published);
    await confirmSignUp(deps, { username: 'dewi@example.id', code: fresh });
    expect(published.filter((event) => event.type === 'user.registered')).toHaveLength(1);

    const confirmed = fakes({ confirmed: true });
    await resendConfirmation(confirmed.deps, 'dewi@example.id');
    expect(confirmed.published).toHaveLength(0);
  });
});

describe('sign-in', () => {
  it('answers unconfirmed accounts with 403 and wrong passwords with 401', async () => {
    const { deps, provider } = fakes();
    vi.mocked(provider.signIn).mockRejectedValueOnce(new IdentityError('not-confirmed', 'x'));
    expect(await status(signIn(deps, { username: 'a@example.id', password: 'x' }))).toBe(403);
    vi.mocked(provider.signIn).mockRejectedValueOnce(new IdentityError('unauthorized', 'x'));
    expect(await status(signIn(deps, { username: 'a@example.id', password: 'x' }))).toBe(401);
  });
});

describe('passwordless', () => {
  it('does nothing (and says nothing) for unknown or unconfirmed accounts', async () => {
    const unknown = fakes();
    vi.mocked(unknown.provider.getAccount).mockResolvedValueOnce(undefined);
    await startOtp(unknown.deps, 'nobody@example.id');
    expect(unknown.provider.startChallenge).not.toHaveBeenCalled();
    const unconfirmed = fakes({ confirmed: false });
    await startOtp(unconfirmed.deps, 'dewi@example.id');
    expect(unconfirmed.provider.startChallenge).not.toHaveBeenCalled();
  });

  it('keeps the next session after a wrong code, and forgets it on success', async () => {
    const { deps, provider, sessions } = fakes();
    await startOtp(deps, 'dewi@example.id');
    vi.mocked(provider.answerChallenge).mockResolvedValueOnce({ kind: 'retry', session: 'session-2' });
    expect(await status(verifyOtp(deps, { username: 'dewi@example.id', code: '123456' }))).toBe(400);
    expect(sessions.get('dewi@example.id')?.session).toBe('session-2');
    vi.mocked(provider.answerChallenge).mockResolvedValueOnce({
      kind: 'tokens',
      tokens: { accessToken: 'a', idToken: 'i', expiresIn: 3600, tokenType: 'Bearer' },
    });
    expect(await verifyOtp(deps, { username: 'dewi@example.id', code: '654321' })).toMatchObject({ accessToken: 'a' });
    expect(provider.answerChallenge).toHaveBeenLastCalledWith('dewi@example.id', 'session-2', '654321');
    expect(sessions.has('dewi@example.id')).toBe(false);
  });

  it('passes the chosen phone channel to the challenge, never for an email', async () => {
    const phone = fakes({ email: undefined, phone: '+6281234567890' });
    await startOtp(phone.deps, '+6281234567890', { channel: 'whatsapp' });
    expect(phone.provider.startChallenge).toHaveBeenCalledWith('+6281234567890', { channel: 'whatsapp' });
    const mail = fakes();
    await startOtp(mail.deps, 'dewi@example.id', { channel: 'whatsapp' });
    expect(mail.provider.startChallenge).toHaveBeenCalledWith('dewi@example.id', undefined);
  });

  it('sends at most one code a minute per account', async () => {
    const { deps, provider } = fakes();
    await startOtp(deps, 'dewi@example.id', { now: 1_000 });
    await startOtp(deps, 'dewi@example.id', { now: 1_030 });
    expect(provider.startChallenge).toHaveBeenCalledTimes(1);
    await startOtp(deps, 'dewi@example.id', { now: 1_061 });
    expect(provider.startChallenge).toHaveBeenCalledTimes(2);
  });

  it('ends the flow when Cognito refuses (too many answers or an expired session)', async () => {
    const { deps, provider, sessions } = fakes();
    await startOtp(deps, 'dewi@example.id');
    vi.mocked(provider.answerChallenge).mockRejectedValueOnce(new IdentityError('unauthorized', 'x'));
    expect(await status(verifyOtp(deps, { username: 'dewi@example.id', code: '123456' }))).toBe(400);
    expect(sessions.size).toBe(0);
    expect(await status(verifyOtp(deps, { username: 'dewi@example.id', code: '123456' }))).toBe(400);
  });
});

describe('codes', () => {
  it('are stored as salted hashes and compared exactly', () => {
    const stored = hashCode('123456');
    expect(stored).not.toContain('123456');
    expect(hashCode('123456')).not.toBe(stored);
    expect(codeMatches('123456', stored)).toBe(true);
    expect(codeMatches('123457', stored)).toBe(false);
    expect(codeMatches('123456', 'garbage')).toBe(false);
  });
});
