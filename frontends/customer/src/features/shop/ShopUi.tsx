import { formatIdr } from '@petpro/api-client';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ActivityIndicator, Image, Pressable, StyleSheet, Text, View } from 'react-native';
import { colors, common, MIN_TOUCH, space } from '../../theme';
import type { ErrorView } from '../../data/errors';
import { Chip as SharedChip } from '../../ui/Chip';
import { BackLink, ErrorWithRetry, ScreenTitle } from '../../ui/screen';

/** The shop's building blocks: buttons, notices, a quantity stepper, a product's picture, money rows. */

export const shopColors = {
  warningSurface: '#FFF4CE',
  warningBorder: '#8A6100',
  successSurface: '#E6F4EA',
  selectedSurface: '#E3F1EC',
} as const;

export function BackButton({ onPress }: { onPress: () => void }) {
  const { t } = useTranslation();
  return <BackLink label={t('shop.back')} onPress={onPress} />;
}

/** A shop screen's load that failed: the problem, then "Coba lagi". */
export function LoadFailed({ error, onRetry, style }: { error: ErrorView; onRetry: () => void; style?: object }) {
  const { t } = useTranslation();
  return (
    <ErrorWithRetry error={error} style={style} retry={<SecondaryButton label={t('shop.retry')} onPress={onRetry} />} />
  );
}

export function PrimaryButton({
  label,
  onPress,
  disabled = false,
  busy = false,
  accessibilityLabel,
}: {
  label: string;
  onPress: () => void;
  disabled?: boolean;
  busy?: boolean;
  accessibilityLabel?: string;
}) {
  const off = disabled || busy;
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={accessibilityLabel ?? label}
      aria-disabled={off}
      aria-busy={busy}
      disabled={off}
      onPress={onPress}
      style={[common.button, off && styles.disabled]}
    >
      {busy ? (
        <View style={styles.busyRow}>
          <ActivityIndicator color={colors.primaryText} />
          <Text style={common.buttonText}>{label}</Text>
        </View>
      ) : (
        <Text style={common.buttonText}>{label}</Text>
      )}
    </Pressable>
  );
}

export function SecondaryButton({
  label,
  onPress,
  disabled = false,
  accessibilityLabel,
  role = 'button',
}: {
  label: string;
  onPress: () => void;
  disabled?: boolean;
  accessibilityLabel?: string;
  role?: 'button' | 'link';
}) {
  return (
    <Pressable
      accessibilityRole={role}
      accessibilityLabel={accessibilityLabel ?? label}
      aria-disabled={disabled}
      disabled={disabled}
      onPress={onPress}
      style={[styles.secondary, disabled && styles.disabled]}
    >
      <Text style={styles.secondaryText}>{label}</Text>
    </Pressable>
  );
}

/** A notice in the flow of the screen; `alert` ones are announced when they appear. */
export function Notice({
  tone,
  children,
  alert = false,
}: {
  tone: 'warning' | 'success' | 'info';
  children: ReactNode;
  alert?: boolean;
}) {
  return (
    <View
      style={[styles.notice, tone === 'warning' ? styles.warning : tone === 'success' ? styles.success : styles.info]}
      {...(alert ? { accessibilityRole: 'alert' as const, accessibilityLiveRegion: 'polite' as const } : {})}
    >
      {typeof children === 'string' ? <Text style={common.body}>{children}</Text> : children}
    </View>
  );
}

/** − n + with its value spoken; the buttons stop at `min` / `max`. */
export function Stepper({
  value,
  min,
  max,
  onChange,
  valueLabel,
  decreaseLabel,
  increaseLabel,
  disabled = false,
}: {
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
  valueLabel: string;
  decreaseLabel: string;
  increaseLabel: string;
  disabled?: boolean;
}) {
  const step = (label: string, sign: string, next: number, off: boolean) => (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={label}
      aria-disabled={off}
      disabled={off}
      onPress={() => onChange(next)}
      style={[styles.stepButton, off && styles.disabled]}
    >
      <Text style={styles.stepSign}>{sign}</Text>
    </Pressable>
  );
  return (
    <View style={styles.stepper}>
      {step(decreaseLabel, '−', value - 1, disabled || value <= min)}
      <Text style={styles.stepValue} accessibilityLabel={`${valueLabel}: ${value}`} accessibilityLiveRegion="polite">
        {value}
      </Text>
      {step(increaseLabel, '+', value + 1, disabled || value >= max)}
    </View>
  );
}

/** The product's picture, or its initial on a tinted square (decorative: the name is said next to it). */
export function ProductThumb({ name, imageUrl, size = 64 }: { name: string; imageUrl: string | null; size?: number }) {
  if (imageUrl)
    return (
      <Image
        source={{ uri: imageUrl }}
        style={[styles.thumb, { width: size, height: size }]}
        accessibilityIgnoresInvertColors
        accessible={false}
        alt=""
      />
    );
  return (
    <View
      style={[styles.thumb, styles.placeholder, { width: size, height: size }]}
      accessible={false}
      importantForAccessibility="no-hide-descendants"
      aria-hidden
    >
      <Text style={[styles.initial, { fontSize: Math.round(size / 2.4) }]}>{name.trim().charAt(0).toUpperCase()}</Text>
    </View>
  );
}

export function MoneyRow({ label, amount, strong = false }: { label: string; amount: number; strong?: boolean }) {
  return (
    <View style={styles.moneyRow}>
      <Text style={[common.body, strong && styles.strong, styles.shrink]}>{label}</Text>
      <Text style={[common.body, strong && styles.strong]}>{formatIdr(amount)}</Text>
    </View>
  );
}

/** One choice of a radiogroup: a large row with its circle, its words spoken as the label. */
export function RadioRow({
  selected,
  label,
  onPress,
  disabled = false,
  children,
}: {
  selected: boolean;
  label: string;
  onPress: () => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <Pressable
      accessibilityRole="radio"
      aria-checked={selected}
      accessibilityState={{ checked: selected, disabled }}
      accessibilityLabel={label}
      disabled={disabled}
      onPress={onPress}
      style={[styles.radioRow, selected && styles.radioSelected]}
    >
      <View style={[styles.radioCircle, selected && styles.radioCircleOn]}>
        {selected ? <View style={styles.radioDot} /> : null}
      </View>
      <View style={styles.radioBody}>{children}</View>
    </Pressable>
  );
}

/** A chip of a filter: a radio (one of a set) or a checkbox, in the shop's type. */
export function Chip({
  label,
  selected,
  onPress,
  role = 'radio',
}: {
  label: string;
  selected: boolean;
  onPress: () => void;
  role?: 'radio' | 'checkbox';
}) {
  return (
    <SharedChip text={label} selected={selected} onPress={onPress} role={role} stateful weights={['500', '700']} />
  );
}

/** A shop screen a signed-out customer opened: why, and the way to sign in (then back here). */
export function SignInGate({ onSignIn }: { onSignIn: () => void }) {
  const { t } = useTranslation();
  return (
    <View style={common.content}>
      <ScreenTitle>{t('shop.signIn.title')}</ScreenTitle>
      <Text style={common.body}>{t('shop.signIn.body')}</Text>
      <PrimaryButton label={t('shop.signIn.action')} onPress={onSignIn} />
    </View>
  );
}

export const shopStyles = StyleSheet.create({
  card: {
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 12,
    padding: space.md,
    gap: space.sm,
    backgroundColor: colors.surface,
  },
  sectionTitle: { fontSize: 18, fontWeight: '700', color: colors.text },
  row: { flexDirection: 'row', alignItems: 'center', gap: space.sm, flexWrap: 'wrap' },
  between: { flexDirection: 'row', justifyContent: 'space-between', alignItems: 'center', gap: space.sm },
  price: { fontSize: 16, fontWeight: '700', color: colors.primary },
  name: { fontSize: 16, fontWeight: '700', color: colors.text, flexShrink: 1 },
  grow: { flex: 1, minWidth: 0, gap: space.xs },
  stockOut: { color: colors.error, fontSize: 14, fontWeight: '600' },
  stockIn: { color: colors.primary, fontSize: 14, fontWeight: '600' },
  divider: { height: 1, backgroundColor: colors.border },
  strong: { fontWeight: '700' },
});

const styles = StyleSheet.create({
  disabled: { opacity: 0.5 },
  busyRow: { flexDirection: 'row', alignItems: 'center', gap: space.sm },
  secondary: {
    minHeight: MIN_TOUCH,
    borderRadius: 8,
    borderWidth: 2,
    borderColor: colors.primary,
    paddingHorizontal: space.lg,
    alignItems: 'center',
    justifyContent: 'center',
    backgroundColor: colors.background,
  },
  secondaryText: { color: colors.primary, fontSize: 16, fontWeight: '600' },
  notice: { borderRadius: 8, padding: space.md, gap: space.sm, borderWidth: 1 },
  warning: { backgroundColor: shopColors.warningSurface, borderColor: shopColors.warningBorder },
  success: { backgroundColor: shopColors.successSurface, borderColor: colors.primary },
  info: { backgroundColor: colors.surface, borderColor: colors.border },
  stepper: { flexDirection: 'row', alignItems: 'center', gap: space.xs },
  stepButton: {
    minWidth: MIN_TOUCH,
    minHeight: MIN_TOUCH,
    borderRadius: 8,
    borderWidth: 1,
    borderColor: colors.primary,
    alignItems: 'center',
    justifyContent: 'center',
    backgroundColor: colors.background,
  },
  stepSign: { fontSize: 22, fontWeight: '700', color: colors.primary },
  stepValue: { minWidth: 32, textAlign: 'center', fontSize: 18, fontWeight: '700', color: colors.text },
  thumb: { borderRadius: 8 },
  placeholder: { backgroundColor: shopColors.selectedSurface, alignItems: 'center', justifyContent: 'center' },
  initial: { color: colors.primary, fontWeight: '700' },
  moneyRow: { flexDirection: 'row', justifyContent: 'space-between', gap: space.sm },
  strong: { fontWeight: '700', fontSize: 18 },
  shrink: { flexShrink: 1 },
  radioRow: {
    minHeight: MIN_TOUCH,
    flexDirection: 'row',
    alignItems: 'center',
    gap: space.md,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 8,
    padding: space.sm,
    backgroundColor: colors.background,
  },
  radioSelected: { borderColor: colors.primary, borderWidth: 2, backgroundColor: shopColors.selectedSurface },
  radioCircle: {
    width: 22,
    height: 22,
    borderRadius: 11,
    borderWidth: 2,
    borderColor: colors.muted,
    alignItems: 'center',
    justifyContent: 'center',
  },
  radioCircleOn: { borderColor: colors.primary },
  radioDot: { width: 10, height: 10, borderRadius: 5, backgroundColor: colors.primary },
  radioBody: { flex: 1, minWidth: 0, gap: 2 },
});
