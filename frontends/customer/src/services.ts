import AsyncStorage from '@react-native-async-storage/async-storage';
import { createApiClient, keyValueSessionStorage, type ApiClient, type SignOutReason } from '@petpro/api-client';
import type { i18n } from 'i18next';
import { ApiAuthRepository, type AuthRepository } from './features/auth/auth-repository';
import { OfflineCache } from './data/offline-cache';
import { currentLocale } from './i18n/i18n';

/** The API's origin: EXPO_PUBLIC_API_URL at build time (Expo inlines EXPO_PUBLIC_*), else the local API. */
export const API_URL = process.env.EXPO_PUBLIC_API_URL || 'http://localhost:3000';

export interface Services {
  api: ApiClient;
  auth: AuthRepository;
  /** What the customer saw last, readable offline (bookings, pets); cleared on sign-out. */
  cache: OfflineCache;
}

/**
 * The composition root: one API client (session in AsyncStorage, language from i18next), the offline
 * cache, and the repositories App itself uses; each area builds its own from `api` (features/<area>/).
 */
export function createServices(i18n: i18n, onSignedOut: (reason: SignOutReason) => void): Services {
  const api = createApiClient({
    baseUrl: API_URL,
    storage: keyValueSessionStorage(AsyncStorage),
    locale: () => currentLocale(i18n),
    onSignedOut,
  });
  return {
    api,
    auth: new ApiAuthRepository(api),
    cache: new OfflineCache(AsyncStorage),
  };
}
