import { ENV } from '#shared/config/env.ts';
import { jsonSecret } from '#shared/config/secrets.ts';

/** Provider keys from Secrets Manager (placeholders created by CDK, values set by the operator). */
export const midtransKeys = jsonSecret<{ serverKey: string; clientKey?: string }>(ENV.midtransSecretId, (value) =>
  value.serverKey ? undefined : 'serverKey is not set',
);
export const xenditKeys = jsonSecret<{ secretKey: string; callbackToken: string }>(ENV.xenditSecretId, (value) =>
  value.callbackToken ? undefined : 'callbackToken is not set',
);
