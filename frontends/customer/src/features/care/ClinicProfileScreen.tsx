import { formatClinicDate, formatIdr, type Locale } from '@petpro/api-client';
import { useTranslation } from 'react-i18next';
import { Pressable, ScrollView, StyleSheet, Text, View } from 'react-native';
import { useStartedBlocState } from '../../bloc/use-bloc';
import { currentLocale, formatDecimal } from '../../i18n/i18n';
import { colors, common, MIN_TOUCH, space } from '../../theme';
import type { ClinicProfileBloc } from './clinic-profile-bloc';
import type { ClinicProfile, ClinicService, Place, Review } from './clinic-repository';
import { formatLocalDate, formatRanges, upcomingExceptions, weekRows, zoneName } from './opening-hours';
import { Rating } from './FindCareScreen';
import { distanceKm } from './places';
import { BackLink, ErrorWithRetry, LoadingRow } from '../../ui/screen';
import { PrimaryButton } from '../../ui/form';

/**
 * A clinic's profile: who and where (with the distance from the place Find care searched around),
 * rating and latest reviews, its services with price and duration (each with "Pesan"), and its
 * opening hours in its own zone, named (WIB/WITA/WIT).
 */
export function ClinicProfileScreen({
  bloc,
  from,
  fromName,
  onBack,
  onBook,
}: {
  bloc: ClinicProfileBloc;
  /** The place Find care searched around, and its name. */
  from: Place;
  fromName: string;
  onBack: () => void;
  onBook: (vendorId: string, serviceId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const state = useStartedBlocState(bloc, { type: 'load-requested' });

  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content}>
      <BackLink arrow="←" label={t('nav.back')} onPress={onBack} />
      {state.status === 'loading' ? <LoadingRow label={t('care.profile.loading')} /> : null}
      {state.status === 'error' ? (
        <ErrorWithRetry
          error={state.error}
          retry={
            <PrimaryButton label={t('findCare.retry')} onPress={() => void bloc.add({ type: 'retry-requested' })} />
          }
        />
      ) : null}
      {state.status === 'loaded' ? (
        <Profile
          clinic={state.clinic}
          reviews={state.reviews}
          locale={locale}
          distance={distanceKm(from, state.clinic)}
          fromName={fromName}
          onBook={(serviceId) => onBook(state.clinic.vendorId, serviceId)}
        />
      ) : null}
    </ScrollView>
  );
}

function Profile({
  clinic,
  reviews,
  locale,
  distance,
  fromName,
  onBook,
}: {
  clinic: ClinicProfile;
  reviews: readonly Review[] | null;
  locale: Locale;
  distance: number;
  fromName: string;
  onBook: (serviceId: string) => void;
}) {
  const { t } = useTranslation();
  const zone = zoneName(clinic.schedule.timeZone);
  const now = new Date();
  const exceptions = upcomingExceptions(clinic.schedule, now);
  return (
    <>
      <View style={styles.section}>
        <Text style={common.title} accessibilityRole="header" aria-level={1}>
          {clinic.name}
        </Text>
        <Text style={common.muted}>{t(`findCare.kind.${clinic.kind}`)}</Text>
        <Text style={[styles.open, !clinic.openNow && styles.closed]}>
          {clinic.openNow ? t('findCare.open') : t('findCare.closed')}
        </Text>
        <Text style={common.body}>
          {clinic.address}
          {clinic.province ? `, ${clinic.province}` : ''}
        </Text>
        <Text style={common.muted}>
          {t('care.profile.distance', { distance: formatDecimal(distance, locale), place: fromName })}
        </Text>
        <Rating rating={clinic.rating} reviewCount={clinic.reviewCount} locale={locale} />
        {clinic.phone ? <Text style={common.body}>{t('care.profile.phone', { phone: clinic.phone })}</Text> : null}
      </View>

      {clinic.description ? (
        <View style={styles.section}>
          <Text style={styles.heading} accessibilityRole="header" aria-level={2}>
            {t('care.profile.about')}
          </Text>
          <Text style={common.body}>{clinic.description}</Text>
        </View>
      ) : null}

      <View style={styles.section}>
        <Text style={styles.heading} accessibilityRole="header" aria-level={2}>
          {t('care.profile.services')}
        </Text>
        {clinic.services.length === 0 ? <Text style={common.body}>{t('care.profile.noServices')}</Text> : null}
        {clinic.services.map((service) => (
          <ServiceRow key={service.serviceId} service={service} onBook={() => onBook(service.serviceId)} />
        ))}
      </View>

      <View style={styles.section}>
        <Text style={styles.heading} accessibilityRole="header" aria-level={2}>
          {t('care.profile.hours', { zone })}
        </Text>
        <Text style={common.muted}>{t('care.profile.hoursNote', { zone })}</Text>
        <View style={styles.table}>
          {weekRows(clinic.schedule, now, locale).map((row) => (
            <View key={row.day} style={[styles.hoursRow, row.today && styles.today]}>
              <Text style={[styles.day, row.today && styles.bold]}>
                {t(`care.day.${row.day}`)}
                {row.today ? ` (${t('care.profile.today')})` : ''}
              </Text>
              <Text style={[styles.hours, row.today && styles.bold]}>
                {row.closed ? t('care.profile.closedDay') : `${row.hours} ${zone}`}
              </Text>
            </View>
          ))}
        </View>
        {exceptions.length > 0 ? (
          <View style={styles.section}>
            <Text style={styles.subheading}>{t('care.profile.exceptions')}</Text>
            {exceptions.map((exception) => {
              const date = formatLocalDate(exception.date, locale);
              const text =
                exception.closed || exception.hours.length === 0
                  ? t('care.profile.closedOn', { date })
                  : t('care.profile.hoursOn', { date, hours: `${formatRanges(exception.hours, locale)} ${zone}` });
              return (
                <Text key={exception.date} style={common.body}>
                  {exception.note ? t('care.profile.withNote', { text, note: exception.note }) : text}
                </Text>
              );
            })}
          </View>
        ) : null}
      </View>

      <View style={styles.section}>
        <Text style={styles.heading} accessibilityRole="header" aria-level={2}>
          {t('care.profile.reviews')}
        </Text>
        {reviews === null ? <Text style={common.muted}>{t('care.profile.reviewsUnavailable')}</Text> : null}
        {reviews !== null && reviews.length === 0 ? (
          <Text style={common.muted}>{t('care.profile.noReviews')}</Text>
        ) : null}
        {reviews?.map((review) => (
          <View key={review.reviewId} style={styles.review}>
            <View style={styles.reviewHead}>
              <Text style={styles.bold}>{review.authorName}</Text>
              <Text style={styles.stars}>
                <Text aria-hidden>★ </Text>
                {t('care.profile.reviewRating', { rating: review.rating })}
              </Text>
            </View>
            {review.comment ? <Text style={common.body}>{review.comment}</Text> : null}
            <Text style={common.muted}>{formatClinicDate(review.createdAt, clinic.schedule.timeZone, { locale })}</Text>
          </View>
        ))}
      </View>
    </>
  );
}

function ServiceRow({ service, onBook }: { service: ClinicService; onBook: () => void }) {
  const { t } = useTranslation();
  const price = formatIdr(service.price);
  return (
    <View style={styles.service}>
      <View style={styles.serviceText}>
        <Text style={styles.serviceName}>{service.name}</Text>
        <Text style={common.muted}>
          {t(`care.service.${service.category}`)} · {t('care.profile.duration', { minutes: service.durationMin })}
        </Text>
        {service.species.length > 0 ? (
          <Text style={common.muted}>
            {t('care.profile.forSpecies', {
              species: service.species.map((species) => t(`care.species.${species}`)).join(', '),
            })}
          </Text>
        ) : null}
        {service.prepay ? <Text style={common.muted}>{t('care.profile.prepay')}</Text> : null}
      </View>
      <View style={styles.serviceBottom}>
        <Text style={styles.price}>{price}</Text>
        <Pressable
          accessibilityRole="button"
          accessibilityLabel={t('care.profile.bookLabel', { service: service.name, price })}
          onPress={onBook}
          style={styles.book}
        >
          <Text style={common.buttonText}>{t('care.profile.book')}</Text>
        </Pressable>
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  section: { gap: space.sm },
  heading: { fontSize: 19, fontWeight: '700', color: colors.text, marginTop: space.sm },
  subheading: { fontSize: 16, fontWeight: '700', color: colors.text },
  open: { fontSize: 14, color: colors.primary, fontWeight: '600' },
  closed: { color: colors.muted },
  bold: { fontWeight: '700', color: colors.text },
  service: {
    gap: space.sm,
    padding: space.md,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 12,
    backgroundColor: colors.surface,
  },
  serviceText: { gap: space.xs },
  serviceName: { fontSize: 16, fontWeight: '700', color: colors.text },
  serviceBottom: { flexDirection: 'row', alignItems: 'center', justifyContent: 'space-between', gap: space.md },
  price: { fontSize: 16, fontWeight: '700', color: colors.primary },
  book: { ...StyleSheet.flatten(common.button), minWidth: 88, minHeight: MIN_TOUCH },
  table: { borderWidth: 1, borderColor: colors.border, borderRadius: 8, overflow: 'hidden' },
  hoursRow: {
    flexDirection: 'row',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    gap: space.sm,
    paddingHorizontal: space.md,
    paddingVertical: space.sm,
  },
  today: { backgroundColor: colors.surface },
  day: { fontSize: 15, color: colors.text },
  hours: { fontSize: 15, color: colors.text, flexShrink: 1, textAlign: 'right' },
  review: { gap: space.xs, paddingVertical: space.sm, borderBottomWidth: 1, borderColor: colors.border },
  reviewHead: { flexDirection: 'row', justifyContent: 'space-between' },
  stars: { fontSize: 15, color: colors.text },
});
