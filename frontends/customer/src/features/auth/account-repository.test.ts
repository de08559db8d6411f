import { createApiClient, isApiProblem } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { ApiAccountRepository } from './account-repository';

interface Sent {
  method: string;
  path: string;
  body: unknown;
  language: string | null;
}

/** An API client over a fetch that records each request and answers what the test scripts. */
function clientAnswering(...answers: Response[]) {
  const sent: Sent[] = [];
  const api = createApiClient({
    baseUrl: 'http://api.test',
    locale: 'en',
    fetch: async (request) => {
      const text = await request.text();
      sent.push({
        method: request.method,
        path: new URL(request.url).pathname,
        body: text ? JSON.parse(text) : undefined,
        language: request.headers.get('accept-language'),
      });
      return answers.shift() ?? new Response(null, { status: 204 });
    },
  });
  return { api, sent, repository: new ApiAccountRepository(api) };
}

const tokens = { accessToken: 'a', idToken: 'i', refreshToken: 'r', expiresIn: 3600, tokenType: 'Bearer' };

describe('ApiAccountRepository', () => {
  it('signs up with `email` or `phone` as the username says, in the app language', async () => {
    const { repository, sent } = clientAnswering(
      Response.json({ userId: 'u1', confirmation: 'email' }, { status: 201 }),
      Response.json({ userId: 'u2', confirmation: 'sms' }, { status: 201 }),
    );
    await expect(
      repository.signUp({ username: 'sari@example.id', name: ' Sari ', password: 'Rahasia123' }),
    ).resolves.toEqual({
      confirmation: 'email',
    });
    await repository.signUp({ username: '+6281234567890', name: 'Sari', password: 'Rahasia123' });
    expect(sent.map((s) => [s.method, s.path, s.body])).toEqual([
      ['POST', '/v1/auth/sign-up', { email: 'sari@example.id', name: 'Sari', password: 'Rahasia123', locale: 'en' }],
      ['POST', '/v1/auth/sign-up', { phone: '+6281234567890', name: 'Sari', password: 'Rahasia123', locale: 'en' }],
    ]);
  });

  it('confirms, resends, and throws the refusal as an ApiProblem', async () => {
    const { repository, sent } = clientAnswering(
      Response.json(
        { type: 'https://petpro.id/problems/invalid-code', title: 'Wrong code', status: 400 },
        { status: 400, headers: { 'content-type': 'application/problem+json' } },
      ),
      new Response(null, { status: 202 }),
    );
    const refused = await repository.confirm('sari@example.id', '000000').catch((error: unknown) => error);
    expect(isApiProblem(refused) && refused.code).toBe('invalid-code');
    await repository.resendConfirmation('sari@example.id');
    expect(sent.map((s) => [s.path, s.body])).toEqual([
      ['/v1/auth/confirm', { username: 'sari@example.id', code: '000000' }],
      ['/v1/auth/confirm/resend', { username: 'sari@example.id' }],
    ]);
  });

  it('starts a one-time code with a channel only for a phone, and keeps the session it verifies', async () => {
    const { repository, sent, api } = clientAnswering(
      new Response(null, { status: 202 }),
      new Response(null, { status: 202 }),
      Response.json(tokens),
    );
    await repository.startOtp('budi@example.id', 'email');
    await repository.startOtp('+6281234567890', 'whatsapp');
    await repository.verifyOtp('+6281234567890', '123456');
    expect(sent.map((s) => s.body)).toEqual([
      { email: 'budi@example.id', locale: 'en' },
      { phone: '+6281234567890', channel: 'whatsapp', locale: 'en' },
      { phone: '+6281234567890', code: '123456' },
    ]);
    expect(sent[2]!.path).toBe('/v1/auth/otp/verify');
    expect(await api.session.get()).toMatchObject({ accessToken: 'a', refreshToken: 'r' });
  });
});
