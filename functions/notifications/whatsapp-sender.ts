import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ENV, optionalEnv } from '#shared/config/env.ts';
import { jsonSecret } from '#shared/config/secrets.ts';
import { sendHttpRequest } from '#shared/lib/http-request.ts';
import type { ChannelSender } from './notifications.ts';

/** The WhatsApp sender's Twilio credentials, kept in Secrets Manager and set by the operator. */
export interface WhatsAppCredentials {
  accountSid: string;
  authToken: string;
  /** The approved WhatsApp sender number, E.164. */
  fromNumber: string;
}

/** Reads the credentials once per five minutes, so a rotated token is picked up without a deploy. */
export function whatsAppCredentials(client?: SecretsManagerClient): () => Promise<WhatsAppCredentials> {
  return jsonSecret<WhatsAppCredentials>(
    ENV.whatsappSecretId,
    (value) =>
      value.accountSid && value.authToken && value.fromNumber
        ? undefined
        : 'the WhatsApp secret needs accountSid, authToken and fromNumber',
    client,
  );
}

/** WhatsApp through Twilio's Messages API (TWILIO_API_URL points elsewhere on this machine). */
export function twilioWhatsAppSender(credentials = whatsAppCredentials()): ChannelSender {
  return async (to, message) => {
    const { accountSid, authToken, fromNumber } = await credentials();
    const base = optionalEnv(ENV.twilioApiUrl) ?? 'https://api.twilio.com';
    const response = await sendHttpRequest(
      `${base}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`,
      {
        method: 'POST',
        headers: {
          'authorization': `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({
          To: `whatsapp:${to}`,
          From: `whatsapp:${fromNumber}`,
          Body: message.text,
        }).toString(),
        timeoutMs: 10_000,
      },
    );
    // Throwing lets the queue retry; the body names Twilio's error code.
    if (response.status < 200 || response.status > 299)
      throw new Error(`Twilio answered ${response.status}: ${response.text.slice(0, 300)}`);
  };
}
