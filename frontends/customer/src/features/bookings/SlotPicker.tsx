import { formatClinicTimeRange, zoneAbbreviation, type ClinicTimeZone, type Locale } from '@petpro/api-client';
import { useTranslation } from 'react-i18next';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { useBlocState } from '../../bloc/use-bloc';
import { currentLocale } from '../../i18n/i18n';
import { colors, common, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { deviceClockDiffers, middayOf } from './clinic-days';
import { Button, Choice, ChoiceText } from './parts';
import type { SlotChoice } from './clinic-days';
import type { SlotPickerBloc } from './slot-picker-bloc';
import { LoadingRow } from '../../ui/screen';

const INTL: Record<Locale, string> = { id: 'id-ID', en: 'en-ID' };

/** The next 14 days as chips, then the chosen day's slots: only the bookable ones can be chosen. */
export function SlotPicker({ bloc }: { bloc: SlotPickerBloc }) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const state = useBlocState(bloc);
  const zone = state.zone;
  const today = state.days[0];

  if (state.status === 'idle') return null;
  return (
    <View style={styles.picker}>
      {deviceClockDiffers(zone, new Date()) ? (
        <Text style={common.muted}>{t('bookings.book.zoneNote', { zone: zoneAbbreviation(zone) })}</Text>
      ) : null}
      <ScrollView
        horizontal
        showsHorizontalScrollIndicator={false}
        contentContainerStyle={styles.days}
        accessibilityRole="radiogroup"
        accessibilityLabel={t('bookings.days')}
      >
        {state.days.map((day) => {
          const selected = day === state.day;
          const open = state.openDays.has(day);
          const weekday = day === today ? t('bookings.day.today') : dayPart(day, zone, locale, { weekday: 'short' });
          const dayMonth = dayPart(day, zone, locale, { day: 'numeric', month: 'short' });
          // Named as shown (voice control users say what they see), and whether it has room.
          const date = `${weekday}, ${dayMonth}`;
          return (
            <Choice
              key={day}
              label={open || state.status !== 'loaded' ? date : t('bookings.day.none', { date })}
              selected={selected}
              onPress={() => void bloc.add({ type: 'day-selected', day })}
              style={styles.day}
            >
              <ChoiceText selected={selected} strong>
                {weekday}
              </ChoiceText>
              <ChoiceText selected={selected}>{dayMonth}</ChoiceText>
              <View style={[styles.dot, open && styles.dotOpen]} />
            </Choice>
          );
        })}
      </ScrollView>

      {state.status === 'loading' ? <LoadingRow label={t('bookings.slots.loading')} /> : null}
      {state.status === 'error' && state.error ? (
        <View style={styles.gap}>
          <ErrorBox error={state.error} />
          <Button
            label={t('bookings.retry')}
            kind="secondary"
            onPress={() => void bloc.add({ type: 'reload-requested' })}
          />
        </View>
      ) : null}
      {state.status === 'loaded' ? (
        <View style={styles.gap}>
          {state.slots.length === 0 ? (
            <Text style={common.body}>{t('bookings.slots.closed')}</Text>
          ) : !state.slots.some((slot) => slot.state === 'bookable') ? (
            <Text style={common.body}>{t('bookings.slots.noneLeft')}</Text>
          ) : null}
          {state.slots.length > 0 ? (
            <View style={styles.slots} accessibilityRole="radiogroup" accessibilityLabel={t('bookings.times')}>
              {state.slots.map((slot) => (
                <SlotButton
                  key={slot.start}
                  slot={slot}
                  zone={zone}
                  locale={locale}
                  selected={slot.start === state.selected}
                  onPress={() => void bloc.add({ type: 'slot-selected', start: slot.start })}
                />
              ))}
            </View>
          ) : null}
          {state.slots.some((slot) => slot.state !== 'bookable') ? (
            <Text style={common.muted}>{t('bookings.slots.legend')}</Text>
          ) : null}
        </View>
      ) : null}
    </View>
  );
}

function SlotButton({
  slot,
  zone,
  locale,
  selected,
  onPress,
}: {
  slot: SlotChoice;
  zone: ClinicTimeZone;
  locale: Locale;
  selected: boolean;
  onPress: () => void;
}) {
  const { t } = useTranslation();
  const time = formatClinicTimeRange(slot.start, slot.end, zone, { locale });
  const bookable = slot.state === 'bookable';
  const label =
    slot.state === 'bookable'
      ? t('bookings.slot.bookable', { time, count: slot.available })
      : t(`bookings.slot.${slot.state}`, { time });
  return (
    <Choice label={label} selected={selected} onPress={onPress} disabled={!bookable} crossed={!bookable}>
      <ChoiceText selected={selected} crossed={!bookable}>
        {time}
      </ChoiceText>
    </Choice>
  );
}

function dayPart(day: string, zone: ClinicTimeZone, locale: Locale, parts: Intl.DateTimeFormatOptions): string {
  return new Intl.DateTimeFormat(INTL[locale], { ...parts, timeZone: zone }).format(middayOf(day, zone));
}

const styles = StyleSheet.create({
  picker: { gap: space.sm },
  days: { gap: space.sm, paddingVertical: space.xs },
  day: { alignItems: 'center', minWidth: 64, paddingHorizontal: space.sm },
  dot: { width: 6, height: 6, borderRadius: 3, marginTop: 2, backgroundColor: 'transparent' },
  dotOpen: { backgroundColor: colors.primary },
  gap: { gap: space.sm },
  slots: { flexDirection: 'row', flexWrap: 'wrap', gap: space.sm },
});
