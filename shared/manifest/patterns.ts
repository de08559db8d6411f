import { eventCatalog } from '../events/catalog.ts';
import type { SubscriptionSpec } from './types.ts';

/** The EventBridge pattern of a subscription; the CDK rule and the local bus both use it. */
export function subscriptionPattern(subscription: SubscriptionSpec): {
  'source': string[];
  'detail-type': string[];
  'detail'?: Record<string, unknown>;
} {
  const sources = [...new Set(subscription.events.map((type) => eventCatalog[type].source))].sort();
  return {
    'source': sources,
    'detail-type': [...subscription.events],
    ...(subscription.detail ? { detail: { ...subscription.detail } } : {}),
  };
}

export const DEFAULT_MAX_RECEIVE_COUNT = 3;
