import { useTranslation } from 'react-i18next';
import { Pressable, ScrollView, StyleSheet, Text, View } from 'react-native';
import { useStartedBlocState } from '../../bloc/use-bloc';
import { currentLocale } from '../../i18n/i18n';
import { colors, common, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { LastUpdated } from '../../ui/LastUpdated';
import type { Booking } from './booking-model';
import type { MyBookingsBloc } from './my-bookings-bloc';
import { bookingWhen, Button, SectionTitle, STATUS_COLOURS, statusKey } from './parts';
import { LoadingRow, ScreenTitle } from '../../ui/screen';

export function MyBookingsScreen({
  bloc,
  onOpen,
  onFindCare,
}: {
  bloc: MyBookingsBloc;
  onOpen: (booking: Booking) => void;
  onFindCare: () => void;
}) {
  const { t } = useTranslation();
  const state = useStartedBlocState(bloc, { type: 'load-requested' });

  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content}>
      <ScreenTitle>{t('bookings.list.title')}</ScreenTitle>
      {state.cached ? <LastUpdated cached={state.cached} /> : null}
      {state.status === 'loading' ? <LoadingRow label={t('bookings.list.loading')} /> : null}
      {state.error ? <ErrorBox error={state.error} /> : null}
      {state.status === 'error' ? (
        <Button label={t('bookings.retry')} onPress={() => void bloc.add({ type: 'load-requested' })} />
      ) : null}

      {state.status === 'loaded' ? (
        <>
          <SectionTitle>{t('bookings.list.upcoming')}</SectionTitle>
          {state.upcoming.length === 0 ? (
            <View style={styles.empty}>
              <Text style={common.body}>{t('bookings.list.noneUpcoming')}</Text>
              <Button label={t('bookings.list.findCare')} kind="secondary" onPress={onFindCare} />
            </View>
          ) : (
            state.upcoming.map((booking) => <BookingRow key={booking.bookingId} booking={booking} onOpen={onOpen} />)
          )}

          <SectionTitle>{t('bookings.list.past')}</SectionTitle>
          {state.past.length === 0 ? <Text style={common.muted}>{t('bookings.list.nonePast')}</Text> : null}
          {state.past.map((booking) => (
            <BookingRow key={booking.bookingId} booking={booking} onOpen={onOpen} />
          ))}

          <Button
            label={t('bookings.list.reload')}
            kind="link"
            onPress={() => void bloc.add({ type: 'load-requested' })}
          />
        </>
      ) : null}
    </ScrollView>
  );
}

function BookingRow({ booking, onOpen }: { booking: Booking; onOpen: (booking: Booking) => void }) {
  const { t, i18n } = useTranslation();
  const when = bookingWhen(booking, currentLocale(i18n));
  const status = t(`bookings.status.${statusKey(booking)}`);
  // Named by what it shows (service, status, clinic, pet and time), read in that order.
  return (
    <Pressable accessibilityRole="button" onPress={() => onOpen(booking)} style={styles.card}>
      <View style={styles.row}>
        <Text style={styles.service}>{booking.serviceName}</Text>
        <Text style={[styles.status, { color: STATUS_COLOURS[booking.status] }]}>{status}</Text>
      </View>
      <Text style={common.body}>{booking.vendorName}</Text>
      <Text style={common.muted}>
        {booking.petName} · {when}
      </Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  empty: { gap: space.sm, alignItems: 'flex-start' },
  card: {
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 12,
    padding: space.md,
    gap: space.xs,
    backgroundColor: colors.surface,
  },
  row: { flexDirection: 'row', justifyContent: 'space-between', gap: space.sm, flexWrap: 'wrap' },
  service: { fontSize: 17, fontWeight: '700', color: colors.text, flexShrink: 1 },
  status: { fontSize: 14, fontWeight: '700' },
});
