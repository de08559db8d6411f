import { formatIdr } from '@petpro/api-client';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { useBlocState } from '../../bloc/use-bloc';
import { common, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { servesPet, type BookBloc } from './book-bloc';
import type { Booking } from './booking-model';
import { Button, Choice, ChoiceText, Notice, SectionTitle, useReveal } from './parts';
import { SlotPicker } from './SlotPicker';
import { LoadingRow, ScreenTitle } from '../../ui/screen';

export function BookScreen({
  bloc,
  onBooked,
  onAddPet,
  onBack,
}: {
  bloc: BookBloc;
  onBooked: (booking: Booking) => void;
  onAddPet: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const state = useBlocState(bloc);
  const slots = useBlocState(bloc.slots);
  const service = bloc.service;
  // The chosen service alone until the customer asks to change it: the days and times stay in view.
  const [allServices, setAllServices] = useState(false);
  // A taken slot is told above the refreshed times; any other refusal above the button.
  const scroll = useRef<ScrollView>(null);
  const revealSlots = useReveal(scroll, state.slotGone ? state.error : null);
  const revealError = useReveal(scroll, state.slotGone ? null : state.error);

  useEffect(() => {
    if (bloc.state.status === 'loading' && !bloc.state.clinic) void bloc.add({ type: 'load-requested' });
  }, [bloc]);

  useEffect(() => {
    if (state.booked) onBooked(state.booked);
  }, [state.booked, onBooked]);

  const chosenSlot = slots.slots.find((slot) => slot.start === slots.selected && slot.state === 'bookable');
  const ready = Boolean(service && chosenSlot && state.petId);

  return (
    <ScrollView
      ref={scroll}
      style={common.screen}
      contentContainerStyle={common.content}
      keyboardShouldPersistTaps="handled"
    >
      <View style={styles.top}>
        <Button label={t('nav.back')} kind="link" onPress={onBack} />
      </View>
      <ScreenTitle>{t('bookings.book.title')}</ScreenTitle>
      {state.clinic ? (
        <View>
          <Text style={styles.clinic}>{state.clinic.name}</Text>
          <Text style={common.muted}>{state.clinic.address}</Text>
        </View>
      ) : null}

      {state.status === 'loading' ? <LoadingRow label={t('bookings.book.loading')} /> : null}
      {state.status === 'error' && state.error ? (
        <View style={styles.gap}>
          <ErrorBox error={state.error} />
          <Button label={t('bookings.retry')} onPress={() => void bloc.add({ type: 'load-requested' })} />
        </View>
      ) : null}

      {state.status === 'ready' && state.clinic ? (
        <>
          <SectionTitle>{t('bookings.book.service')}</SectionTitle>
          {state.clinic.services.length === 0 ? <Text style={common.body}>{t('bookings.book.noServices')}</Text> : null}
          <View style={styles.gap} accessibilityRole="radiogroup" accessibilityLabel={t('bookings.book.service')}>
            {state.clinic.services
              .filter((option) => allServices || !service || option.serviceId === service.serviceId)
              .map((option) => {
                const selected = option.serviceId === state.serviceId;
                const payment = option.prepay ? t('bookings.book.prepay') : t('bookings.book.payAtClinic');
                const duration = t('bookings.minutes', { count: option.durationMin });
                return (
                  <Choice
                    key={option.serviceId}
                    label={`${option.name}, ${duration}, ${payment}, ${formatIdr(option.price)}`}
                    selected={selected}
                    onPress={() => {
                      setAllServices(false);
                      void bloc.add({ type: 'service-selected', serviceId: option.serviceId });
                    }}
                  >
                    <View style={styles.serviceRow}>
                      <View style={styles.serviceName}>
                        <ChoiceText selected={selected} strong>
                          {option.name}
                        </ChoiceText>
                        <Text style={common.muted}>
                          {duration} · {payment}
                        </Text>
                      </View>
                      <ChoiceText selected={selected} strong>
                        {formatIdr(option.price)}
                      </ChoiceText>
                    </View>
                  </Choice>
                );
              })}
          </View>
          {service && !allServices && state.clinic.services.length > 1 ? (
            <Button label={t('bookings.book.changeService')} kind="link" onPress={() => setAllServices(true)} />
          ) : null}

          <View onLayout={revealSlots}>
            <SectionTitle>{t('bookings.book.day')}</SectionTitle>
          </View>
          {state.slotGone && state.error ? (
            <>
              <ErrorBox error={state.error} />
              <Notice alert>{t('bookings.book.slotsRefreshed')}</Notice>
            </>
          ) : null}
          {service ? (
            <SlotPicker bloc={bloc.slots} />
          ) : (
            <Text style={common.muted}>{t('bookings.book.chooseService')}</Text>
          )}

          <SectionTitle>{t('bookings.book.pet')}</SectionTitle>
          {state.pets.length === 0 ? (
            <Notice tone="warning">
              <Text style={common.body}>{t('bookings.book.noPets')}</Text>
              <Button label={t('bookings.book.addPet')} kind="secondary" onPress={onAddPet} />
            </Notice>
          ) : (
            <View style={styles.pets} accessibilityRole="radiogroup" accessibilityLabel={t('bookings.book.pet')}>
              {state.pets.map((pet) => {
                const served = !service || servesPet(service, pet);
                const selected = pet.petId === state.petId;
                const species = t(`bookings.species.${pet.species}`);
                const note = served ? species : t('bookings.book.notServed', { species });
                return (
                  <Choice
                    key={pet.petId}
                    label={`${pet.name}, ${note}`}
                    selected={selected}
                    disabled={!served}
                    onPress={() => void bloc.add({ type: 'pet-selected', petId: pet.petId })}
                  >
                    <ChoiceText selected={selected} strong>
                      {pet.name}
                    </ChoiceText>
                    <Text style={common.muted}>{note}</Text>
                  </Choice>
                );
              })}
            </View>
          )}

          {service ? (
            <>
              <SectionTitle>{t('bookings.book.summary')}</SectionTitle>
              <View style={styles.summary}>
                <Text style={common.body}>{t('bookings.book.price')}</Text>
                <Text style={styles.price}>{formatIdr(service.price)}</Text>
              </View>
              <Text style={common.muted}>
                {service.prepay
                  ? t('bookings.book.prepayNote', { price: formatIdr(service.price) })
                  : t('bookings.book.payLaterNote')}
              </Text>
            </>
          ) : null}

          <View onLayout={revealError}>{state.error && !state.slotGone ? <ErrorBox error={state.error} /> : null}</View>
          {!ready ? <Text style={common.muted}>{t('bookings.book.needChoice')}</Text> : null}
          <Button
            label={
              state.submitting
                ? t('bookings.book.submitting')
                : service?.prepay
                  ? t('bookings.book.submitPrepay')
                  : t('bookings.book.submit')
            }
            disabled={!ready}
            busy={state.submitting}
            onPress={() => void bloc.add({ type: 'submitted' })}
          />
        </>
      ) : null}
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  top: { alignItems: 'flex-start', marginLeft: -space.sm },
  clinic: { fontSize: 17, fontWeight: '700' },
  gap: { gap: space.sm },
  serviceRow: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'center', gap: space.sm },
  serviceName: { flexShrink: 1 },
  pets: { flexDirection: 'row', flexWrap: 'wrap', gap: space.sm },
  summary: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'baseline' },
  price: { fontSize: 20, fontWeight: '700' },
});
