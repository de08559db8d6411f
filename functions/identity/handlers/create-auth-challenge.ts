import type { CreateAuthChallengeTriggerEvent } from 'aws-lambda';
import { identityStore } from '../store.ts';
import { sendSignInCode } from '../identity.ts';
import { newId } from '#shared/lib/ids.ts';

/**
 * Cognito trigger: makes the sign-in code and sends it on the first challenge; later tries of
 * the same flow keep that code (carried in challengeMetadata, which only triggers see).
 */
export const handler = async (event: CreateAuthChallengeTriggerEvent): Promise<CreateAuthChallengeTriggerEvent> => {
  const previous = event.request.session?.at(-1)?.challengeMetadata;
  let codeHash = previous?.startsWith('CODE:') ? previous.slice('CODE:'.length) : undefined;
  if (!codeHash) {
    const attributes = event.request.userAttributes;
    const recipient = attributes.email ?? attributes.phone_number;
    if (!recipient) throw new Error('the account has neither email nor phone');
    const locale = attributes['custom:locale'] === 'en' ? 'en' : 'id';
    // /otp/start passes the phone channel the person chose (SMS or WhatsApp) as client metadata.
    const asked = event.request.clientMetadata?.channel;
    const channel = !attributes.email && (asked === 'whatsapp' || asked === 'sms') ? asked : undefined;
    ({ codeHash } = await sendSignInCode({ store: identityStore, correlationId: newId() }, recipient, locale, channel));
  }
  event.response = {
    publicChallengeParameters: { delivery: event.request.userAttributes.email ? 'email' : 'sms' },
    privateChallengeParameters: { codeHash },
    challengeMetadata: `CODE:${codeHash}`,
  };
  return event;
};
