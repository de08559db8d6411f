import { formatIdr, type Locale } from '@petpro/api-client';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ActivityIndicator, FlatList, Pressable, StyleSheet, Text, View } from 'react-native';
import type { ClinicsBloc } from './clinics-bloc';
import { useBlocState } from '../../bloc/use-bloc';
import type { ClinicSummary } from './clinic-repository';
import { currentLocale, formatDecimal } from '../../i18n/i18n';
import { colors, common, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';

export function FindCareScreen({ bloc }: { bloc: ClinicsBloc }) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const state = useBlocState(bloc);

  useEffect(() => {
    if (bloc.state.status === 'idle') void bloc.add({ type: 'load-requested' });
  }, [bloc]);

  const clinics = state.status === 'loaded' || state.status === 'loading' ? state.clinics : [];
  const loading = state.status === 'loading' || state.status === 'idle';

  return (
    <View style={common.screen}>
      <FlatList
        data={clinics}
        keyExtractor={(clinic) => clinic.vendorId}
        contentContainerStyle={common.content}
        ListHeaderComponent={
          <View style={styles.header}>
            <Text style={common.title} accessibilityRole="header">
              {t('findCare.title')}
            </Text>
            <Text style={common.muted}>{t('findCare.near')}</Text>
            {state.status === 'loaded' ? (
              <Text style={common.muted} accessibilityLiveRegion="polite">
                {t('findCare.count', { count: clinics.length })}
              </Text>
            ) : null}
            {loading ? (
              <View style={styles.loading} accessibilityLiveRegion="polite">
                <ActivityIndicator color={colors.primary} accessibilityLabel={t('findCare.loading')} />
                <Text style={common.muted}>{t('findCare.loading')}</Text>
              </View>
            ) : null}
            {state.status === 'error' ? (
              <View style={styles.errorBlock}>
                <ErrorBox error={state.error} />
                <Pressable
                  accessibilityRole="button"
                  accessibilityLabel={t('findCare.retry')}
                  onPress={() => void bloc.add({ type: 'retry-requested' })}
                  style={common.button}
                >
                  <Text style={common.buttonText}>{t('findCare.retry')}</Text>
                </Pressable>
              </View>
            ) : null}
          </View>
        }
        ListEmptyComponent={state.status === 'loaded' ? <Text style={common.body}>{t('findCare.empty')}</Text> : null}
        renderItem={({ item }) => <ClinicRow clinic={item} locale={locale} />}
        ListFooterComponent={
          state.status === 'loaded' ? (
            <Pressable
              accessibilityRole="button"
              accessibilityLabel={t('findCare.reload')}
              onPress={() => void bloc.add({ type: 'load-requested' })}
              style={[common.linkButton, styles.center]}
            >
              <Text style={common.linkText}>{t('findCare.reload')}</Text>
            </Pressable>
          ) : null
        }
      />
    </View>
  );
}

function ClinicRow({ clinic, locale }: { clinic: ClinicSummary; locale: Locale }) {
  const { t } = useTranslation();
  const distance =
    clinic.distanceKm === null ? '' : t('findCare.distance', { distance: formatDecimal(clinic.distanceKm, locale) });
  const rating =
    clinic.rating === null
      ? t('findCare.noRating')
      : t('findCare.rating', { rating: formatDecimal(clinic.rating, locale), count: clinic.reviewCount });
  const ratingSpoken =
    clinic.rating === null
      ? t('findCare.noRating')
      : t('findCare.ratingSpoken', { rating: formatDecimal(clinic.rating, locale), count: clinic.reviewCount });
  const price =
    clinic.startingPrice === null
      ? t('findCare.noPrice')
      : t('findCare.from', { price: formatIdr(clinic.startingPrice) });
  return (
    <View
      style={styles.card}
      accessible
      accessibilityLabel={t('findCare.clinicLabel', { name: clinic.name, distance, rating: ratingSpoken, price })}
    >
      <View style={styles.row}>
        <Text style={styles.name}>{clinic.name}</Text>
        {distance ? <Text style={styles.distance}>{distance}</Text> : null}
      </View>
      <Text style={common.muted}>
        {clinic.address}, {clinic.city}
      </Text>
      <View style={styles.row}>
        <Text style={common.body}>{rating}</Text>
        <Text style={styles.price}>{price}</Text>
      </View>
      <Text style={[styles.open, !clinic.openNow && styles.closed]}>
        {clinic.openNow ? t('findCare.open') : t('findCare.closed')}
      </Text>
    </View>
  );
}

const styles = StyleSheet.create({
  header: { gap: space.sm, marginBottom: space.sm },
  loading: { flexDirection: 'row', alignItems: 'center', gap: space.sm },
  errorBlock: { gap: space.sm },
  card: {
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 12,
    padding: space.md,
    gap: space.xs,
    backgroundColor: colors.surface,
    marginBottom: space.sm,
  },
  row: {
    flexDirection: 'row',
    justifyContent: 'space-between',
    alignItems: 'baseline',
    gap: space.sm,
    flexWrap: 'wrap',
  },
  name: { fontSize: 17, fontWeight: '700', color: colors.text, flexShrink: 1 },
  distance: { fontSize: 14, color: colors.muted },
  price: { fontSize: 16, fontWeight: '700', color: colors.primary },
  open: { fontSize: 14, color: colors.primary, fontWeight: '600' },
  closed: { color: colors.muted },
  center: { alignSelf: 'center' },
});
