import type { Node } from 'constructs';
import {
  DEFAULT_PAYMENT_RETURN_URL,
  DEFAULT_REGION,
  PAYMENT_PROVIDER_URLS,
  type PaymentProviderUrls,
} from '#shared/config/env.ts';
import { apiLimits, DEV_WEB_ORIGINS } from '#shared/config/limits.ts';

/**
 * Everything the CDK app reads from context (`cdk.json` or `-c key=value`), resolved once.
 *
 * | key              | default                                   |
 * |------------------|-------------------------------------------|
 * | stage            | dev                                       |
 * | region           | ap-southeast-3 (DEFAULT_REGION)           |
 * | emailFrom        | no-reply@example.com (required in prod)   |
 * | allowedOrigins   | local web app origins (required in prod)  |
 * | throttleRate     | 100 requests/s (API stage default)        |
 * | throttleBurst    | 200 requests (API stage default)          |
 * | paymentReturnUrl | https://app.petpro.id/payments/{paymentId} |
 *
 * The search domain's size follows the stage (SEARCH_CAPACITY), not context.
 */
export interface AppConfig {
  stage: string;
  prod: boolean;
  region: string;
  /** Undefined: environment-agnostic account (offline synth). */
  account: string | undefined;
  emailFrom: string;
  /** Origins of the web apps: API CORS and the uploads bucket CORS. */
  allowedOrigins: string[];
  throttle: { rateLimit: number; burstLimit: number };
  search: SearchCapacity;
  /** Payment provider API base URLs: the providers' sandboxes outside prod, their live APIs in prod. */
  paymentProviderUrls: PaymentProviderUrls;
  /** Where payment pages send the customer back (`{paymentId}` is replaced). */
  paymentReturnUrl: string;
}

/** Size of the OpenSearch domain (docs/decisions/0007). */
export interface SearchCapacity {
  dataNodes: number;
  dataNodeInstanceType: string;
  /** Dedicated master nodes; 0 = none (the data node is master). */
  masterNodes: number;
  masterNodeInstanceType: string;
  /** Availability zones the data nodes are spread over; 1 = no zone awareness. */
  availabilityZones: 1 | 2 | 3;
  /** gp3 volume per data node. */
  volumeGiB: number;
}

/**
 * Dev stages: one burstable node (about the price of a small database). Prod: two Graviton
 * data nodes in two zones (one replica each) and three dedicated masters, the smallest layout
 * AWS recommends for production.
 */
export const SEARCH_CAPACITY: Readonly<Record<'dev' | 'prod', SearchCapacity>> = {
  dev: {
    dataNodes: 1,
    dataNodeInstanceType: 't3.small.search',
    masterNodes: 0,
    masterNodeInstanceType: 't3.small.search',
    availabilityZones: 1,
    volumeGiB: 10,
  },
  prod: {
    dataNodes: 2,
    dataNodeInstanceType: 'm6g.large.search',
    masterNodes: 3,
    masterNodeInstanceType: 'm6g.large.search',
    availabilityZones: 2,
    volumeGiB: 20,
  },
};

const PROD_STAGE = 'prod';

function list(value: unknown): string[] | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (Array.isArray(value)) return value.map(String);
  return String(value)
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function positiveNumber(value: unknown, fallback: number, key: string): number {
  if (value === undefined || value === null || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed <= 0)
    throw new Error(`context '${key}' must be a positive number, got '${String(value)}'`);
  return parsed;
}

export function configFromContext(node: Node, account?: string): AppConfig {
  const stage = String(node.tryGetContext('stage') ?? 'dev');
  if (!/^[a-z][a-z0-9-]{1,15}$/.test(stage))
    throw new Error(`context 'stage' must be lower-case letters, digits and dashes (got '${stage}')`);
  const prod = stage === PROD_STAGE;

  const region = String(node.tryGetContext('region') ?? DEFAULT_REGION);
  const emailFrom = node.tryGetContext('emailFrom') as string | undefined;
  const origins = list(node.tryGetContext('allowedOrigins'));
  if (prod && !emailFrom) throw new Error("stage 'prod' needs context 'emailFrom' (a verified SES identity)");
  if (prod && !origins)
    throw new Error("stage 'prod' needs context 'allowedOrigins' (the web apps' origins, comma-separated)");
  const from = emailFrom ?? 'no-reply@example.com';
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(from))
    throw new Error(`context 'emailFrom' is not an email address: '${from}'`);

  return {
    stage,
    prod,
    region,
    account,
    emailFrom: from,
    allowedOrigins: origins ?? [...DEV_WEB_ORIGINS],
    throttle: {
      rateLimit: positiveNumber(node.tryGetContext('throttleRate'), apiLimits.rateLimit, 'throttleRate'),
      burstLimit: positiveNumber(node.tryGetContext('throttleBurst'), apiLimits.burstLimit, 'throttleBurst'),
    },
    search: SEARCH_CAPACITY[prod ? 'prod' : 'dev'],
    paymentProviderUrls: PAYMENT_PROVIDER_URLS[prod ? 'production' : 'sandbox'],
    paymentReturnUrl: returnUrl(node.tryGetContext('paymentReturnUrl')),
  };
}

/** Every state machine of a stage is named `<prefix><domain>-<saga>`; saga callbacks are granted on the prefix. */
export const stateMachineNamePrefix = (stage: string): string => `petpro-${stage}-`;

function returnUrl(value: unknown): string {
  const url = String(value ?? DEFAULT_PAYMENT_RETURN_URL);
  // Midtrans and Xendit accept only http(s) return URLs: the app opens its payment screen as a universal link.
  if (!/^https:\/\/\S+$/.test(url) || !url.includes('{paymentId}')) {
    throw new Error(`context 'paymentReturnUrl' must be an https URL containing {paymentId} (got '${url}')`);
  }
  return url;
}
