import { describe, expect, it } from 'vitest';
import type { DefineAuthChallengeTriggerEvent, VerifyAuthChallengeResponseTriggerEvent } from 'aws-lambda';
import { handler as define } from './handlers/define-auth-challenge.ts';
import { handler as verify } from './handlers/verify-auth-challenge.ts';
import { hashCode } from './codes.ts';

const defineEvent = (session: { challengeResult: boolean }[]) =>
  ({
    request: { session: session.map((s) => ({ challengeName: 'CUSTOM_CHALLENGE', ...s })) },
    response: {},
  }) as unknown as DefineAuthChallengeTriggerEvent;

describe('DefineAuthChallenge', () => {
  it('asks for the code, issues tokens after a right answer, fails after three wrong ones', async () => {
    expect((await define(defineEvent([]))).response).toMatchObject({
      challengeName: 'CUSTOM_CHALLENGE',
      issueTokens: false,
      failAuthentication: false,
    });
    expect((await define(defineEvent([{ challengeResult: false }]))).response).toMatchObject({
      challengeName: 'CUSTOM_CHALLENGE',
    });
    expect((await define(defineEvent([{ challengeResult: false }, { challengeResult: true }]))).response).toMatchObject(
      { issueTokens: true },
    );
    expect(
      (await define(defineEvent([{ challengeResult: false }, { challengeResult: false }, { challengeResult: false }])))
        .response,
    ).toMatchObject({ failAuthentication: true });
  });
});

describe('VerifyAuthChallengeResponse', () => {
  const event = (answer: string, codeHash: string | undefined) =>
    ({
      request: { privateChallengeParameters: codeHash ? { codeHash } : {}, challengeAnswer: answer },
      response: {},
    }) as unknown as VerifyAuthChallengeResponseTriggerEvent;
  it('accepts only the code that was sent', async () => {
    const codeHash = hashCode('246810');
    expect((await verify(event('246810', codeHash))).response.answerCorrect).toBe(true);
    expect((await verify(event('246811', codeHash))).response.answerCorrect).toBe(false);
    expect((await verify(event('246810', undefined))).response.answerCorrect).toBe(false);
  });
});
