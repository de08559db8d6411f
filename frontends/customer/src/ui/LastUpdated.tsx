import { useTranslation } from 'react-i18next';
import { StyleSheet, Text } from 'react-native';
import type { Cached } from '../data/offline-cache';
import { currentLocale } from '../i18n/i18n';
import { colors, space } from '../theme';

/** Shown above what came from the device because the API could not be reached: "offline, last updated …". */
export function LastUpdated({ cached }: { cached: Pick<Cached<unknown>, 'updatedAt' | 'fromCache'> }) {
  const { t, i18n } = useTranslation();
  if (!cached.fromCache) return null;
  // The device's own clock: when this phone last heard from PetPro.
  const time = new Intl.DateTimeFormat(currentLocale(i18n) === 'en' ? 'en-ID' : 'id-ID', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(cached.updatedAt));
  return (
    <Text style={styles.note} accessibilityRole="alert">
      {t('cache.lastUpdated', { time })}
    </Text>
  );
}

const styles = StyleSheet.create({
  note: { backgroundColor: '#FFF4CE', color: colors.text, padding: space.sm, borderRadius: 6, fontSize: 14 },
});
