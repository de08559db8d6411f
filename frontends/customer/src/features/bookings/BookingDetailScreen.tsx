import { formatClinicTime, formatIdr } from '@petpro/api-client';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AppState, ScrollView, StyleSheet, Text, TextInput, View } from 'react-native';
import { useBlocState } from '../../bloc/use-bloc';
import { currentLocale } from '../../i18n/i18n';
import { colors, common, MIN_TOUCH, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { LastUpdated } from '../../ui/LastUpdated';
import type { BookingDetailBloc, BookingDetailState } from './booking-detail-bloc';
import {
  canCancel,
  canReschedule,
  canReview,
  clinicZone,
  isAwaitingPayment,
  refundPreview,
  type Booking,
} from './booking-model';
import {
  bookingWhen,
  Button,
  Choice,
  ChoiceText,
  Fact,
  Notice,
  SectionTitle,
  STATUS_COLOURS,
  statusKey,
} from './parts';
import { openPaymentPage } from './payment-page';
import { LoadingRow, ScreenTitle } from '../../ui/screen';

export interface DetailActions {
  onBack: () => void;
  onReschedule: (booking: Booking) => void;
  onBookAgain: (booking: Booking) => void;
}

export function BookingDetailScreen({ bloc, actions }: { bloc: BookingDetailBloc; actions: DetailActions }) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const state = useBlocState(bloc);
  const booking = state.booking;

  useEffect(() => {
    void bloc.add({ type: 'load-requested' });
    // Back from the payment page (another tab, the in-app browser): read it again at once.
    const subscription = AppState.addEventListener('change', (next) => {
      if (next === 'active' && bloc.state.booking && isAwaitingPayment(bloc.state.booking))
        void bloc.add({ type: 'refresh-requested' });
    });
    return () => subscription.remove();
  }, [bloc]);

  const pay = async (url: string) => {
    await openPaymentPage(url);
    void bloc.add({ type: 'refresh-requested' });
  };

  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content} keyboardShouldPersistTaps="handled">
      <View style={styles.top}>
        <Button label={t('nav.back')} kind="link" onPress={actions.onBack} />
      </View>
      <ScreenTitle>{t('bookings.detail.title')}</ScreenTitle>
      {state.cached ? <LastUpdated cached={state.cached} /> : null}
      {state.status === 'loading' ? <LoadingRow label={t('bookings.detail.loading')} /> : null}
      {state.status === 'error' && state.error ? (
        <View style={styles.gap}>
          <ErrorBox error={state.error} />
          <Button label={t('bookings.retry')} onPress={() => void bloc.add({ type: 'load-requested' })} />
        </View>
      ) : null}

      {booking ? (
        <>
          <Text style={[styles.status, { color: STATUS_COLOURS[booking.status] }]} accessibilityLiveRegion="polite">
            {t(`bookings.status.${statusKey(booking)}`)}
          </Text>
          <Outcome state={state} booking={booking} onPay={(url) => void pay(url)} />

          <View style={styles.facts}>
            <Fact label={t('bookings.detail.clinic')} value={booking.vendorName} />
            <Fact label={t('bookings.detail.service')} value={booking.serviceName} />
            <Fact label={t('bookings.detail.pet')} value={booking.petName} />
            <Fact label={t('bookings.detail.when')} value={bookingWhen(booking, locale)} />
            <Fact label={t('bookings.detail.price')} value={formatIdr(booking.amount.amount)} />
          </View>

          {booking.status === 'confirmed' || booking.status === 'checked_in' ? (
            <View style={styles.gap}>
              <Button
                label={t('bookings.detail.calendar')}
                kind="secondary"
                busy={state.calendar.step === 'submitting'}
                onPress={() => void bloc.add({ type: 'calendar-requested' })}
              />
              {state.calendar.step === 'done' ? <Notice alert>{t('bookings.detail.calendarSaved')}</Notice> : null}
              {state.calendar.error ? <ErrorBox error={state.calendar.error} /> : null}
            </View>
          ) : null}

          {canReschedule(booking) && !state.cancel.open ? (
            <Button
              label={t('bookings.detail.reschedule')}
              kind="secondary"
              onPress={() => actions.onReschedule(booking)}
            />
          ) : null}

          {canCancel(booking) ? <CancelPanel bloc={bloc} state={state} booking={booking} /> : null}
          {canReview(booking) || state.review.step === 'done' ? <ReviewPanel bloc={bloc} state={state} /> : null}

          {booking.status === 'expired' || booking.status === 'cancelled' || booking.status === 'completed' ? (
            <Button
              label={t('bookings.detail.bookAgain')}
              kind="secondary"
              onPress={() => actions.onBookAgain(booking)}
            />
          ) : null}
        </>
      ) : null}
    </ScrollView>
  );
}

/** What the booking's state means for the customer now: pay, wait, confirmed, ended, refunded. */
function Outcome({
  state,
  booking,
  onPay,
}: {
  state: BookingDetailState;
  booking: Booking;
  onPay: (url: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const price = formatIdr(booking.amount.amount);
  if (isAwaitingPayment(booking)) {
    if (!booking.prepay) return <Notice>{t('bookings.detail.confirming')}</Notice>;
    const url = booking.payment?.redirectUrl;
    const until = booking.holdExpiresAt ?? booking.payment?.expiresAt;
    return (
      <Notice tone="warning">
        <Text style={common.body}>
          {until
            ? t('bookings.detail.awaitingPayment', {
                price,
                time: formatClinicTime(until, clinicZone(booking.timeZone), { locale }),
              })
            : t('bookings.status.pending_payment')}
        </Text>
        {url ? (
          <Button label={t('bookings.detail.pay', { price })} onPress={() => onPay(url)} />
        ) : (
          <LoadingRow label={t('bookings.detail.preparingPayment')} />
        )}
        <Text style={common.muted}>{t('bookings.detail.watching')}</Text>
      </Notice>
    );
  }
  if (state.outcome === 'confirmed')
    return (
      <Notice tone="success" alert>
        {booking.prepay ? t('bookings.detail.confirmedNow') : t('bookings.detail.confirmed')}
      </Notice>
    );
  if (state.outcome === 'ended')
    return (
      <Notice tone="warning" alert>
        {t('bookings.detail.ended')}
      </Notice>
    );
  if (booking.status === 'confirmed') return <Notice tone="success">{t('bookings.detail.confirmed')}</Notice>;
  if (booking.status === 'expired') return <Notice tone="warning">{t('bookings.detail.expired')}</Notice>;
  if (booking.status === 'cancelled') {
    const refund = booking.refundAmount.amount;
    return (
      <Notice tone={refund > 0 ? 'success' : 'info'} alert={state.cancel.step === 'done'}>
        <Text style={common.body}>
          {refund > 0
            ? t('bookings.detail.cancelledRefund', { amount: formatIdr(refund) })
            : t('bookings.detail.cancelledNoRefund')}
        </Text>
        {booking.cancelledBy === 'vendor' ? (
          <Text style={common.body}>{t('bookings.detail.cancelledByClinic')}</Text>
        ) : null}
        {booking.endReason && booking.cancelledBy !== 'system' ? (
          <Text style={common.muted}>{t('bookings.detail.reason', { reason: booking.endReason })}</Text>
        ) : null}
      </Notice>
    );
  }
  return null;
}

/** Cancelling: the reason, and what is refunded, shown before the customer confirms. */
function CancelPanel({
  bloc,
  state,
  booking,
}: {
  bloc: BookingDetailBloc;
  state: BookingDetailState;
  booking: Booking;
}) {
  const { t } = useTranslation();
  const { cancel } = state;
  if (!cancel.open)
    return (
      <Button
        label={t('bookings.detail.cancel')}
        kind="secondary"
        onPress={() => void bloc.add({ type: 'cancel-opened' })}
      />
    );
  const refund = refundPreview(booking);
  return (
    <View style={styles.panel}>
      <SectionTitle>{t('bookings.cancel.title')}</SectionTitle>
      {refund.kind === 'full' ? (
        <Notice>
          <Text style={[common.body, styles.bold]}>
            {t('bookings.cancel.refundFull', { amount: formatIdr(refund.amount) })}
          </Text>
          <Text style={common.muted}>{t('bookings.cancel.refundFullNote')}</Text>
        </Notice>
      ) : (
        <Notice>{t('bookings.cancel.nothingPaid')}</Notice>
      )}
      <Text style={styles.label}>{t('bookings.cancel.reason')}</Text>
      <TextInput
        accessibilityLabel={t('bookings.cancel.reason')}
        aria-invalid={cancel.reasonMissing}
        value={cancel.reason}
        onChangeText={(reason) => void bloc.add({ type: 'cancel-reason-changed', reason })}
        placeholder={t('bookings.cancel.reasonPlaceholder')}
        placeholderTextColor={colors.muted}
        maxLength={500}
        multiline
        editable={cancel.step !== 'submitting'}
        style={[styles.input, cancel.reasonMissing && styles.invalid]}
      />
      {cancel.reasonMissing ? <Text style={styles.fieldError}>{t('bookings.cancel.reasonMissing')}</Text> : null}
      {cancel.error ? <ErrorBox error={cancel.error} /> : null}
      <Button
        label={t('bookings.cancel.confirm')}
        kind="danger"
        busy={cancel.step === 'submitting'}
        onPress={() => void bloc.add({ type: 'cancel-confirmed' })}
      />
      <Button
        label={t('bookings.cancel.keep')}
        kind="secondary"
        onPress={() => void bloc.add({ type: 'cancel-dismissed' })}
      />
    </View>
  );
}

function ReviewPanel({ bloc, state }: { bloc: BookingDetailBloc; state: BookingDetailState }) {
  const { t } = useTranslation();
  const { review } = state;
  if (review.step === 'done')
    return (
      <Notice tone="success" alert>
        {t('bookings.review.thanks')}
      </Notice>
    );
  return (
    <View style={styles.panel}>
      <SectionTitle>{t('bookings.review.title')}</SectionTitle>
      <Text style={styles.label}>{t('bookings.review.rating')}</Text>
      <View style={styles.stars} accessibilityRole="radiogroup" accessibilityLabel={t('bookings.review.rating')}>
        {[1, 2, 3, 4, 5].map((rating) => {
          const selected = review.rating !== null && rating <= review.rating;
          return (
            <Choice
              key={rating}
              label={t('bookings.review.star', { count: rating })}
              selected={rating === review.rating}
              onPress={() => void bloc.add({ type: 'rating-changed', rating })}
            >
              <ChoiceText selected={selected} strong>
                {selected ? '★' : '☆'}
              </ChoiceText>
            </Choice>
          );
        })}
      </View>
      {review.ratingMissing ? <Text style={styles.fieldError}>{t('bookings.review.ratingMissing')}</Text> : null}
      <Text style={styles.label}>{t('bookings.review.comment')}</Text>
      <TextInput
        accessibilityLabel={t('bookings.review.comment')}
        value={review.comment}
        onChangeText={(comment) => void bloc.add({ type: 'comment-changed', comment })}
        maxLength={1000}
        multiline
        editable={review.step !== 'submitting'}
        style={styles.input}
      />
      {review.error ? <ErrorBox error={review.error} /> : null}
      <Button
        label={t('bookings.review.submit')}
        busy={review.step === 'submitting'}
        onPress={() => void bloc.add({ type: 'review-submitted' })}
      />
    </View>
  );
}

const styles = StyleSheet.create({
  top: { alignItems: 'flex-start', marginLeft: -space.sm },
  gap: { gap: space.sm },
  status: { fontSize: 18, fontWeight: '700' },
  facts: {
    gap: space.sm,
    padding: space.md,
    borderRadius: 12,
    borderWidth: 1,
    borderColor: colors.border,
    backgroundColor: colors.surface,
  },
  panel: { gap: space.sm, borderTopWidth: 1, borderTopColor: colors.border, paddingTop: space.sm },
  bold: { fontWeight: '700' },
  label: { fontSize: 15, fontWeight: '600', color: colors.text },
  input: {
    minHeight: MIN_TOUCH * 2,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 8,
    padding: space.sm,
    fontSize: 16,
    color: colors.text,
    textAlignVertical: 'top',
  },
  invalid: { borderColor: colors.error },
  fieldError: { color: colors.error, fontSize: 14 },
  stars: { flexDirection: 'row', gap: space.xs, flexWrap: 'wrap' },
});
