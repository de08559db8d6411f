import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ENV, optionalEnv, requireEnv } from '#shared/config/env.ts';
import type { ChannelSender } from './notifications.ts';

/** The WhatsApp sender's Twilio credentials, kept in Secrets Manager and set by the operator. */
export interface WhatsAppCredentials {
  accountSid: string;
  authToken: string;
  /** The approved WhatsApp sender number, E.164. */
  fromNumber: string;
}

const SECRET_CACHE_MS = 5 * 60_000;

/** Reads the credentials once per five minutes, so a rotated token is picked up without a deploy. */
export function whatsAppCredentials(client = new SecretsManagerClient({})): () => Promise<WhatsAppCredentials> {
  let cached: { value: WhatsAppCredentials; until: number } | undefined;
  return async () => {
    if (cached && cached.until > Date.now()) return cached.value;
    const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: requireEnv(ENV.whatsappSecretId) }));
    const value = JSON.parse(SecretString ?? '{}') as Partial<WhatsAppCredentials>;
    if (!value.accountSid || !value.authToken || !value.fromNumber) throw new Error('the WhatsApp secret needs accountSid, authToken and fromNumber');
    cached = { value: value as WhatsAppCredentials, until: Date.now() + SECRET_CACHE_MS };
    return cached.value;
  };
}

/** WhatsApp through Twilio's Messages API (TWILIO_API_URL points elsewhere on this machine). */
export function twilioWhatsAppSender(credentials = whatsAppCredentials()): ChannelSender {
  return async (to, message) => {
    const { accountSid, authToken, fromNumber } = await credentials();
    const base = optionalEnv(ENV.twilioApiUrl) ?? 'https://api.twilio.com';
    const response = await fetch(`${base}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: `whatsapp:${to}`, From: `whatsapp:${fromNumber}`, Body: message.text }),
      signal: AbortSignal.timeout(10_000),
    });
    // Throwing lets the queue retry; the body names Twilio's error code.
    if (!response.ok) throw new Error(`Twilio answered ${response.status}: ${(await response.text()).slice(0, 300)}`);
  };
}
