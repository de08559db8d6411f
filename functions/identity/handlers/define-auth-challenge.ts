import type { DefineAuthChallengeTriggerEvent } from 'aws-lambda';
import { MAX_OTP_ANSWERS } from '../identity.ts';

/** Cognito trigger: one custom challenge (the code), at most three answers. */
export const handler = async (event: DefineAuthChallengeTriggerEvent): Promise<DefineAuthChallengeTriggerEvent> => {
  const session = event.request.session ?? [];
  const last = session.at(-1);
  if (session.some((step) => step.challengeName !== 'CUSTOM_CHALLENGE')) {
    event.response = { issueTokens: false, failAuthentication: true, challengeName: '' };
  } else if (last?.challengeResult === true) {
    event.response = { issueTokens: true, failAuthentication: false, challengeName: '' };
  } else if (session.length >= MAX_OTP_ANSWERS) {
    event.response = { issueTokens: false, failAuthentication: true, challengeName: '' };
  } else {
    event.response = { issueTokens: false, failAuthentication: false, challengeName: 'CUSTOM_CHALLENGE' };
  }
  return event;
};
