import type { VerifyAuthChallengeResponseTriggerEvent } from 'aws-lambda';
import { codeMatches } from '../codes.ts';

/** Cognito trigger: is the answer the code we sent? */
export const handler = async (
  event: VerifyAuthChallengeResponseTriggerEvent,
): Promise<VerifyAuthChallengeResponseTriggerEvent> => {
  const codeHash = event.request.privateChallengeParameters?.codeHash;
  const answer = String(event.request.challengeAnswer ?? '');
  event.response = { answerCorrect: Boolean(codeHash) && /^\d{6}$/.test(answer) && codeMatches(answer, codeHash!) };
  return event;
};
