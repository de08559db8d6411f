import { ENV } from '#shared/config/env.ts';
import { jsonSecret } from '#shared/config/secrets.ts';

/**
 * Biteship keys from Secrets Manager (placeholder created by CDK, values set by the operator):
 * the API key, and the secret the webhook carries in BITESHIP_WEBHOOK_HEADER.
 */
export const biteshipKeys = jsonSecret<{ apiKey: string; webhookSecret: string }>(ENV.biteshipSecretId, (value) =>
  !value.apiKey ? 'apiKey is not set' : !value.webhookSecret ? 'webhookSecret is not set' : undefined,
);
