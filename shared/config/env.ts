/**
 * The environment every function may read, set by CDK in AWS and by the local platform on
 * this machine. Production code reads configuration only through these names.
 */
export const ENV = {
  tableName: 'TABLE_NAME',
  eventBusName: 'EVENT_BUS_NAME',
  uploadsBucket: 'UPLOADS_BUCKET',
  userPoolId: 'USER_POOL_ID',
  userPoolClientId: 'USER_POOL_CLIENT_ID',
  /** Sender address for SES email. */
  emailFrom: 'EMAIL_FROM',
  /** 'true' to address S3 path-style (S3 stand-ins need it; AWS does not). */
  s3ForcePathStyle: 'S3_FORCE_PATH_STYLE',
  /** Public base URL of the API, used in links. */
  apiBaseUrl: 'API_BASE_URL',
  serviceName: 'POWERTOOLS_SERVICE_NAME',
  /** Secrets Manager secret with the WhatsApp sender's Twilio credentials (JSON: accountSid, authToken, fromNumber). */
  whatsappSecretId: 'WHATSAPP_SECRET_ID',
  /** Which search adapter functions use: 'opensearch' (AWS) or 'embedded' (local platform, tests). */
  searchEngine: 'SEARCH_ENGINE',
  /** https endpoint of the OpenSearch domain (opensearch adapter). */
  searchEndpoint: 'SEARCH_ENDPOINT',
  /** Secrets Manager secret with the Midtrans keys (JSON: serverKey, clientKey?). */
  midtransSecretId: 'MIDTRANS_SECRET_ID',
  /** Secrets Manager secret with the Xendit keys (JSON: secretKey, callbackToken). */
  xenditSecretId: 'XENDIT_SECRET_ID',
  /** Base URLs of the payment providers' APIs (sandbox endpoints in dev stages, the local sandbox on this machine). */
  midtransSnapUrl: 'MIDTRANS_SNAP_URL',
  midtransApiUrl: 'MIDTRANS_API_URL',
  xenditApiUrl: 'XENDIT_API_URL',
  /** Secrets Manager secret with the Biteship keys (JSON: apiKey, webhookSecret). */
  biteshipSecretId: 'BITESHIP_SECRET_ID',
  /** Base URL of the Biteship API (shipping rates, orders; the local sandbox on this machine). */
  biteshipApiUrl: 'BITESHIP_API_URL',
  /**
   * Where a provider's payment page sends the customer back: a URL with `{paymentId}` (the app's
   * payment screen); `?result=success|failure` is added. Unset: the provider's own finish page.
   */
  paymentReturnUrl: 'PAYMENT_RETURN_URL',
  /** Base URL of the Twilio API (a stand-in locally). */
  twilioApiUrl: 'TWILIO_API_URL',
  /** Schedule group of the one-time schedules (oneTimeSchedules access). */
  oneTimeScheduleGroup: 'ONE_TIME_SCHEDULE_GROUP',
  /** The role EventBridge Scheduler assumes to put a one-time schedule's event on the bus. */
  oneTimeScheduleRoleArn: 'ONE_TIME_SCHEDULE_ROLE_ARN',
  /** ARN of the event bus (a one-time schedule's target). */
  eventBusArn: 'EVENT_BUS_ARN',
  /** The secret pagination cursors are sealed with (shared/lib/sealed-cursor.ts): CDK generates it per stage. */
  cursorKey: 'PAGINATION_CURSOR_KEY',
} as const;

export type EnvName = (typeof ENV)[keyof typeof ENV];

export function requireEnv(name: EnvName): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export function optionalEnv(name: EnvName): string | undefined {
  return process.env[name] || undefined;
}

/** The AWS region the platform runs in (Jakarta). */
export const DEFAULT_REGION = 'ap-southeast-3';

/** Names of the provider secrets (Secrets Manager), per stage; the local stand-in uses stage "local". */
export const secretNames = {
  whatsapp: (stage: string) => `petpro/${stage}/whatsapp`,
  midtrans: (stage: string) => `petpro/${stage}/midtrans`,
  xendit: (stage: string) => `petpro/${stage}/xendit`,
  biteship: (stage: string) => `petpro/${stage}/biteship`,
  cursorKey: (stage: string) => `petpro/${stage}/cursor-key`,
};

/**
 * The providers' API base URLs (payments, and Biteship for shipping), by mode and provider, as the
 * env variables that carry them: CDK sets the sandbox ones outside prod, the adapters fall back to
 * the live ones. (Xendit and Biteship tell test from live by the key, not the host.)
 */
export const PAYMENT_PROVIDER_URLS = {
  sandbox: {
    midtrans: {
      [ENV.midtransSnapUrl]: 'https://app.sandbox.midtrans.com',
      [ENV.midtransApiUrl]: 'https://api.sandbox.midtrans.com',
    },
    xendit: { [ENV.xenditApiUrl]: 'https://api.xendit.co' },
    biteship: { [ENV.biteshipApiUrl]: 'https://api.biteship.com' },
  },
  production: {
    midtrans: { [ENV.midtransSnapUrl]: 'https://app.midtrans.com', [ENV.midtransApiUrl]: 'https://api.midtrans.com' },
    xendit: { [ENV.xenditApiUrl]: 'https://api.xendit.co' },
    biteship: { [ENV.biteshipApiUrl]: 'https://api.biteship.com' },
  },
} as const satisfies Record<string, Record<'midtrans' | 'xendit' | 'biteship', Record<string, string>>>;

export type PaymentProviderUrls = (typeof PAYMENT_PROVIDER_URLS)[keyof typeof PAYMENT_PROVIDER_URLS];

/** The app's payment screen (a universal link the mobile app opens, the web app otherwise); providers require http(s). */
export const DEFAULT_PAYMENT_RETURN_URL = 'https://app.petpro.id/payments/{paymentId}';

/** The return URLs of a payment from the PAYMENT_RETURN_URL template, or undefined when it is unset. */
export function paymentReturnUrls(
  template: string | undefined,
  paymentId: string,
): { success: string; failure: string } | undefined {
  if (!template) return undefined;
  const url = template.replaceAll('{paymentId}', encodeURIComponent(paymentId));
  const join = url.includes('?') ? '&' : '?';
  return { success: `${url}${join}result=success`, failure: `${url}${join}result=failure` };
}
