import { formatClinicDate, formatClinicTimeRange, type Locale } from '@petpro/api-client';
import { useEffect, useRef, type ReactNode, type RefObject } from 'react';
import {
  ActivityIndicator,
  Pressable,
  StyleSheet,
  Text,
  View,
  type LayoutChangeEvent,
  type ScrollView,
} from 'react-native';
import { colors, common, MIN_TOUCH, space } from '../../theme';
import { clinicZone, type Booking } from './booking-model';

/** `Sen, 9 Des 2026, 09.00–10.00` (the zone named when the device's clock differs), in the clinic's zone. */
export function bookingWhen(booking: Pick<Booking, 'start' | 'end' | 'timeZone'>, locale: Locale): string {
  const zone = clinicZone(booking.timeZone);
  return `${formatClinicDate(booking.start, zone, { locale })}, ${formatClinicTimeRange(booking.start, booking.end, zone, { locale })}`;
}

/** The status in words: a prepaid booking held before its payment page is ready already awaits payment. */
export function statusKey(booking: Pick<Booking, 'status' | 'prepay'>): Booking['status'] {
  return booking.status === 'held' && booking.prepay ? 'pending_payment' : booking.status;
}

/**
 * Scrolls a screen to a block when `trigger` becomes something new (a problem to read): the block
 * (a direct child of the ScrollView's content) reports where it is through the returned onLayout.
 */
export function useReveal(scroll: RefObject<ScrollView | null>, trigger: unknown): (event: LayoutChangeEvent) => void {
  const y = useRef(0);
  useEffect(() => {
    if (trigger) scroll.current?.scrollTo({ y: Math.max(0, y.current - space.sm), animated: true });
  }, [scroll, trigger]);
  return (event) => {
    y.current = event.nativeEvent.layout.y;
  };
}

/** A section's heading (a level-2 heading for screen readers). */
export function SectionTitle({ children }: { children: ReactNode }) {
  return (
    <Text style={styles.section} role="heading" aria-level={2}>
      {children}
    </Text>
  );
}

/**
 * One option of a choice (service, day, slot, pet, rating): a radio button. `crossed` options are shown
 * struck through and cannot be chosen (a slot gone or full).
 */
export function Choice({
  label,
  selected,
  onPress,
  disabled = false,
  crossed = false,
  children,
  style,
}: {
  label: string;
  selected: boolean;
  onPress: () => void;
  disabled?: boolean;
  crossed?: boolean;
  children: ReactNode;
  style?: object;
}) {
  return (
    <Pressable
      accessibilityRole="radio"
      accessibilityLabel={label}
      aria-checked={selected}
      accessibilityState={{ checked: selected, disabled }}
      disabled={disabled}
      onPress={onPress}
      style={[styles.choice, selected && styles.chosen, disabled && styles.choiceDisabled, style]}
    >
      <View style={crossed ? styles.crossed : undefined}>{children}</View>
    </Pressable>
  );
}

/** Text inside a Choice, following its state. */
export function ChoiceText({
  children,
  selected,
  crossed = false,
  strong = false,
}: {
  children: ReactNode;
  selected: boolean;
  crossed?: boolean;
  strong?: boolean;
}) {
  return (
    <Text
      style={[styles.choiceText, strong && styles.strong, selected && styles.chosenText, crossed && styles.crossedText]}
    >
      {children}
    </Text>
  );
}

export function Button({
  label,
  onPress,
  kind = 'primary',
  disabled = false,
  busy = false,
}: {
  label: string;
  onPress: () => void;
  kind?: 'primary' | 'secondary' | 'danger' | 'link';
  disabled?: boolean;
  busy?: boolean;
}) {
  const style =
    kind === 'link'
      ? common.linkButton
      : [
          common.button,
          kind === 'secondary' && styles.secondary,
          kind === 'danger' && styles.danger,
          (disabled || busy) && styles.disabled,
        ];
  const textStyle =
    kind === 'link' ? common.linkText : [common.buttonText, kind === 'secondary' && styles.secondaryText];
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={label}
      accessibilityState={{ disabled: disabled || busy, busy }}
      disabled={disabled || busy}
      onPress={onPress}
      style={style}
    >
      <View style={styles.buttonInner}>
        {busy ? <ActivityIndicator color={kind === 'secondary' ? colors.primary : colors.primaryText} /> : null}
        <Text style={textStyle}>{label}</Text>
      </View>
    </Pressable>
  );
}

/** A labelled fact of a booking (Klinik: …). */
export function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View style={styles.fact}>
      <Text style={styles.factLabel}>{label}</Text>
      <Text style={styles.factValue}>{value}</Text>
    </View>
  );
}

/** A note in a coloured box: information, success or a warning. */
export function Notice({
  children,
  tone = 'info',
  alert = false,
}: {
  children: ReactNode;
  tone?: 'info' | 'success' | 'warning';
  alert?: boolean;
}) {
  return (
    <View
      style={[styles.notice, tone === 'success' && styles.success, tone === 'warning' && styles.warning]}
      {...(alert ? { accessibilityRole: 'alert' as const, accessibilityLiveRegion: 'polite' as const } : {})}
    >
      {typeof children === 'string' ? <Text style={styles.noticeText}>{children}</Text> : children}
    </View>
  );
}

export const STATUS_COLOURS: Record<Booking['status'], string> = {
  held: '#8A5A00',
  pending_payment: '#8A5A00',
  confirmed: colors.primary,
  checked_in: colors.primary,
  completed: colors.muted,
  cancelled: colors.error,
  no_show: colors.error,
  expired: colors.error,
};

export const styles = StyleSheet.create({
  section: { fontSize: 18, fontWeight: '700', color: colors.text, marginTop: space.sm },
  choice: {
    minHeight: MIN_TOUCH,
    minWidth: MIN_TOUCH,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 8,
    paddingHorizontal: space.md,
    paddingVertical: space.sm,
    justifyContent: 'center',
    backgroundColor: colors.background,
  },
  chosen: { borderColor: colors.primary, borderWidth: 2, backgroundColor: '#E3F2EC' },
  choiceDisabled: { backgroundColor: colors.surface, borderStyle: 'dashed' },
  crossed: { opacity: 1 },
  choiceText: { fontSize: 15, color: colors.text },
  strong: { fontWeight: '700' },
  chosenText: { color: colors.primary, fontWeight: '700' },
  crossedText: { textDecorationLine: 'line-through', color: colors.muted },
  buttonInner: { flexDirection: 'row', alignItems: 'center', gap: space.sm },
  secondary: { backgroundColor: colors.background, borderWidth: 1, borderColor: colors.primary },
  secondaryText: { color: colors.primary },
  danger: { backgroundColor: colors.error },
  disabled: { opacity: 0.55 },
  fact: { flexDirection: 'row', gap: space.sm },
  factLabel: { fontSize: 15, color: colors.muted, width: 76, flexShrink: 0 },
  factValue: { fontSize: 15, color: colors.text, fontWeight: '600', flex: 1 },
  notice: { borderRadius: 8, padding: space.md, backgroundColor: '#E8F0FE', gap: space.xs },
  success: { backgroundColor: '#E3F2EC' },
  warning: { backgroundColor: '#FFF4CE' },
  noticeText: { fontSize: 15, color: colors.text },
});
