import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { useBlocState, useStartedBlocState } from '../../bloc/use-bloc';
import { currentLocale } from '../../i18n/i18n';
import { common, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { canReschedule, type Booking } from './booking-model';
import { bookingWhen, Button, Notice, SectionTitle, useReveal } from './parts';
import type { RescheduleBloc } from './reschedule-bloc';
import { SlotPicker } from './SlotPicker';
import { LoadingRow, ScreenTitle } from '../../ui/screen';

export function RescheduleScreen({
  bloc,
  onMoved,
  onBack,
}: {
  bloc: RescheduleBloc;
  onMoved: (booking: Booking) => void;
  onBack: () => void;
}) {
  const { t, i18n } = useTranslation();
  const state = useStartedBlocState(bloc, { type: 'load-requested' });
  const slots = useBlocState(bloc.slots);
  const booking = state.booking;

  useEffect(() => {
    if (state.moved) onMoved(state.moved);
  }, [state.moved, onMoved]);

  const scroll = useRef<ScrollView>(null);
  const revealSlots = useReveal(scroll, state.slotGone ? state.error : null);
  const revealError = useReveal(scroll, state.slotGone ? null : state.error);

  const chosen = slots.slots.some((slot) => slot.start === slots.selected && slot.state === 'bookable');

  return (
    <ScrollView ref={scroll} style={common.screen} contentContainerStyle={common.content}>
      <View style={styles.top}>
        <Button label={t('nav.back')} kind="link" onPress={onBack} />
      </View>
      <ScreenTitle>{t('bookings.reschedule.title')}</ScreenTitle>
      {state.status === 'loading' ? <LoadingRow label={t('bookings.detail.loading')} /> : null}
      {state.status === 'error' && state.error ? (
        <View style={styles.gap}>
          <ErrorBox error={state.error} />
          <Button label={t('bookings.retry')} onPress={() => void bloc.add({ type: 'load-requested' })} />
        </View>
      ) : null}
      {booking ? (
        <>
          <Text style={[common.body, styles.bold]}>
            {booking.serviceName} · {booking.vendorName}
          </Text>
          <Text style={common.body}>
            {t('bookings.reschedule.current', { when: bookingWhen(booking, currentLocale(i18n)) })}
          </Text>
          {canReschedule(booking) ? (
            <>
              <View onLayout={revealSlots}>
                <SectionTitle>{t('bookings.book.day')}</SectionTitle>
              </View>
              {state.slotGone && state.error ? (
                <>
                  <ErrorBox error={state.error} />
                  <Notice alert>{t('bookings.book.slotsRefreshed')}</Notice>
                </>
              ) : null}
              <SlotPicker bloc={bloc.slots} />
              <View onLayout={revealError}>
                {state.error && !state.slotGone ? <ErrorBox error={state.error} /> : null}
              </View>
              {!chosen ? <Text style={common.muted}>{t('bookings.reschedule.choose')}</Text> : null}
              <Button
                label={state.submitting ? t('bookings.reschedule.moving') : t('bookings.reschedule.submit')}
                disabled={!chosen}
                busy={state.submitting}
                onPress={() => void bloc.add({ type: 'submitted' })}
              />
            </>
          ) : (
            <Notice tone="warning">{t('bookings.reschedule.notAllowed')}</Notice>
          )}
        </>
      ) : null}
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  top: { alignItems: 'flex-start', marginLeft: -space.sm },
  gap: { gap: space.sm },
  bold: { fontWeight: '700' },
});
