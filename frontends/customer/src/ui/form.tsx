import { useId, type ReactNode } from 'react';
import { ActivityIndicator, Pressable, StyleSheet, Text, TextInput, View, type TextInputProps } from 'react-native';
import { colors, common, MIN_TOUCH, space } from '../theme';

/**
 * A labelled text field whose problems are read with it: on the web through aria-describedby, on
 * iOS/Android as the field's hint. `errors` are already in the user's language.
 */
export function TextField({
  label,
  errors = [],
  hint,
  style,
  trailing,
  ...input
}: TextInputProps & { label: string; errors?: readonly string[]; hint?: string; trailing?: ReactNode }) {
  const id = useId().replace(/:/g, '');
  const invalid = errors.length > 0;
  const described = [hint ? `${id}-hint` : null, invalid ? `${id}-errors` : null].filter(Boolean).join(' ');
  return (
    <View style={styles.field}>
      <Text style={styles.label}>{label}</Text>
      <View style={styles.row}>
        <TextInput
          accessibilityLabel={label}
          accessibilityHint={[...errors, hint].filter(Boolean).join(' ') || undefined}
          aria-invalid={invalid}
          aria-describedby={described || undefined}
          placeholderTextColor={colors.muted}
          style={[styles.input, invalid && styles.inputInvalid, style]}
          {...input}
        />
        {trailing}
      </View>
      {hint ? (
        <Text id={`${id}-hint`} style={common.muted}>
          {hint}
        </Text>
      ) : null}
      {invalid ? (
        <View id={`${id}-errors`}>
          {errors.map((message) => (
            <Text key={message} style={styles.fieldError}>
              {message}
            </Text>
          ))}
        </View>
      ) : null}
    </View>
  );
}

/** The screen's main action; shows a spinner (and says so) while busy. */
export function PrimaryButton({
  label,
  busyLabel,
  busy = false,
  onPress,
  tone = 'primary',
}: {
  label: string;
  busyLabel?: string;
  busy?: boolean;
  onPress: () => void;
  tone?: 'primary' | 'secondary' | 'danger';
}) {
  const shown = busy && busyLabel ? busyLabel : label;
  const textColor = tone === 'primary' ? colors.primaryText : tone === 'danger' ? colors.error : colors.primary;
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={shown}
      aria-disabled={busy}
      aria-busy={busy}
      disabled={busy}
      onPress={onPress}
      style={[common.button, tone === 'secondary' && styles.secondary, tone === 'danger' && styles.danger]}
    >
      {busy ? (
        <ActivityIndicator color={textColor} accessibilityLabel={shown} />
      ) : (
        <Text style={[common.buttonText, { color: textColor }]}>{label}</Text>
      )}
    </Pressable>
  );
}

/** A link-styled control: `role` link when it opens another screen, button when it acts here. */
export function TextLink({
  label,
  text,
  onPress,
  role = 'link',
  disabled = false,
  center = false,
}: {
  /** The accessible name; `text`, when given, is the shorter visible word. */
  label: string;
  text?: string;
  onPress: () => void;
  role?: 'link' | 'button';
  disabled?: boolean;
  center?: boolean;
}) {
  return (
    <Pressable
      accessibilityRole={role}
      accessibilityLabel={label}
      aria-disabled={disabled}
      disabled={disabled}
      onPress={onPress}
      style={[common.linkButton, center && styles.center]}
    >
      <Text style={[common.linkText, disabled && styles.disabledText]}>{text ?? label}</Text>
    </Pressable>
  );
}

/** A calm confirmation ("a new code was sent"), read out when it appears. */
export function Notice({ children }: { children: string }) {
  return (
    <Text style={styles.notice} accessibilityLiveRegion="polite" aria-live="polite">
      {children}
    </Text>
  );
}

/** One choice of a radio group, ≥ 44 px high. */
export function RadioOption({
  label,
  selected,
  onPress,
  disabled = false,
  lang,
}: {
  label: string;
  selected: boolean;
  onPress: () => void;
  disabled?: boolean;
  lang?: string;
}) {
  return (
    <Pressable
      accessibilityRole="radio"
      accessibilityLabel={label}
      aria-checked={selected}
      accessibilityState={{ checked: selected, disabled }}
      disabled={disabled}
      onPress={onPress}
      style={[styles.option, selected && styles.optionSelected]}
      {...(lang ? { lang } : {})}
    >
      <View style={[styles.dot, selected && styles.dotSelected]} />
      <Text style={[styles.optionText, selected && styles.optionTextSelected]}>{label}</Text>
    </Pressable>
  );
}

/** A text input's box (≥ 44 px high, bordered, 16 px type): TextField's, and the areas' own inputs'. */
export const inputBox = {
  minHeight: MIN_TOUCH,
  borderWidth: 1,
  borderColor: colors.border,
  borderRadius: 8,
  paddingHorizontal: space.md,
  fontSize: 16,
  color: colors.text,
  backgroundColor: colors.background,
} as const;

export const formStyles = StyleSheet.create({
  radioGroup: { flexDirection: 'row', flexWrap: 'wrap', gap: space.sm },
  group: { gap: space.xs },
  sectionLabel: { fontSize: 14, fontWeight: '600', color: colors.text },
  links: { gap: space.xs },
});

const styles = StyleSheet.create({
  field: { gap: space.xs },
  label: { fontSize: 14, fontWeight: '600', color: colors.text },
  row: { flexDirection: 'row', alignItems: 'center', gap: space.sm },
  input: { ...inputBox, flex: 1, minWidth: 0 },
  inputInvalid: { borderColor: colors.error },
  fieldError: { color: colors.error, fontSize: 14 },
  center: { alignSelf: 'center' },
  secondary: { backgroundColor: colors.background, borderWidth: 1, borderColor: colors.primary },
  danger: { backgroundColor: colors.background, borderWidth: 1, borderColor: colors.error },
  disabledText: { color: colors.muted, textDecorationLine: 'none' },
  notice: {
    backgroundColor: colors.surface,
    color: colors.text,
    padding: space.md,
    borderRadius: 8,
    fontSize: 14,
  },
  option: {
    minHeight: MIN_TOUCH,
    flexDirection: 'row',
    alignItems: 'center',
    gap: space.sm,
    paddingHorizontal: space.md,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 8,
    backgroundColor: colors.background,
  },
  optionSelected: { borderColor: colors.primary, backgroundColor: colors.surface },
  dot: { width: 18, height: 18, borderRadius: 9, borderWidth: 2, borderColor: colors.muted },
  dotSelected: { borderColor: colors.primary, backgroundColor: colors.primary },
  optionText: { fontSize: 16, color: colors.text },
  optionTextSelected: { fontWeight: '600' },
});
