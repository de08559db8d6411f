import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ActivityIndicator,
  Image,
  Pressable,
  StyleSheet,
  Text,
  TextInput,
  View,
  type TextInputProps,
} from 'react-native';
import { colors, common, MIN_TOUCH, space } from '../../theme';
import { initialOf } from './pet-model';
import { BackLink as SharedBackLink } from '../../ui/screen';
import { inputBox } from '../../ui/form';

/** The form fields' error keys (pets.form.error.*), shared by the pet and record forms. */
export type FieldErrorKey =
  'required' | 'too-long' | 'invalid-date' | 'future-date' | 'due-before-date' | 'invalid-weight' | 'rejected';

/**
 * The pet's photo, or its initial when it has none or the photo cannot be loaded (offline, expired
 * link). `decorative` inside a control already named after the pet (no second "Milo" to hear).
 */
export function PetAvatar({
  name,
  uri,
  size = 56,
  decorative = false,
}: {
  name: string;
  uri: string | null;
  size?: number;
  decorative?: boolean;
}) {
  const { t } = useTranslation();
  const [failed, setFailed] = useState<string | null>(null);
  const round = { width: size, height: size, borderRadius: size / 2 };
  if (uri && failed !== uri) {
    return (
      <Image
        source={{ uri }}
        style={[styles.avatar, round]}
        {...(decorative ? {} : { accessibilityLabel: t('pets.photoOf', { name }) })}
        onError={() => setFailed(uri)}
      />
    );
  }
  return (
    <View style={[styles.avatar, styles.initial, round]} accessibilityElementsHidden importantForAccessibility="no">
      <Text style={[styles.initialText, { fontSize: size * 0.42 }]} aria-hidden>
        {initialOf(name)}
      </Text>
    </View>
  );
}

/** A labelled text input; its error shown under it and announced with it. */
export function TextField({
  label,
  value,
  onChangeText,
  error,
  hint,
  editable = true,
  ...input
}: {
  label: string;
  value: string;
  onChangeText: (value: string) => void;
  error?: FieldErrorKey | undefined;
  hint?: string;
  editable?: boolean;
} & Pick<TextInputProps, 'inputMode' | 'autoCapitalize' | 'autoComplete' | 'multiline' | 'placeholder'>) {
  const { t } = useTranslation();
  const message = error ? t(`pets.form.error.${error}`) : undefined;
  return (
    <View style={styles.field}>
      <Text style={styles.label}>{label}</Text>
      {hint ? <Text style={common.muted}>{hint}</Text> : null}
      <TextInput
        accessibilityLabel={label}
        accessibilityHint={message ?? hint}
        aria-invalid={Boolean(error)}
        value={value}
        onChangeText={onChangeText}
        editable={editable}
        placeholderTextColor={colors.muted}
        style={[styles.input, input.multiline && styles.multiline, error && styles.inputInvalid]}
        {...input}
      />
      {message ? <Text style={styles.fieldError}>{message}</Text> : null}
    </View>
  );
}

/** One choice among a few, as radio buttons that wrap at 360 px. */
export function ChoiceGroup<Value extends string>({
  label,
  options,
  selected,
  onSelect,
  error,
  disabled = false,
}: {
  label: string;
  options: readonly { value: Value; label: string }[];
  selected: Value | null;
  onSelect: (value: Value) => void;
  error?: FieldErrorKey | undefined;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <View style={styles.field}>
      <Text style={styles.label}>{label}</Text>
      <View style={styles.choices} accessibilityRole="radiogroup" accessibilityLabel={label}>
        {options.map((option) => {
          const checked = option.value === selected;
          return (
            <Pressable
              key={option.value}
              accessibilityRole="radio"
              aria-checked={checked}
              accessibilityState={{ checked, disabled }}
              accessibilityLabel={option.label}
              disabled={disabled}
              onPress={() => onSelect(option.value)}
              style={[styles.choice, checked && styles.choiceChecked, error && styles.inputInvalid]}
            >
              <Text style={[styles.choiceText, checked && styles.choiceTextChecked]}>{option.label}</Text>
            </Pressable>
          );
        })}
      </View>
      {error ? <Text style={styles.fieldError}>{t(`pets.form.error.${error}`)}</Text> : null}
    </View>
  );
}

export function PrimaryButton({
  label,
  busyLabel,
  busy = false,
  disabled = false,
  onPress,
}: {
  label: string;
  busyLabel?: string;
  busy?: boolean;
  disabled?: boolean;
  onPress: () => void;
}) {
  const shown = busy && busyLabel ? busyLabel : label;
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={shown}
      aria-busy={busy}
      aria-disabled={disabled || busy}
      disabled={disabled || busy}
      onPress={onPress}
      style={[common.button, (disabled || busy) && styles.buttonIdle]}
    >
      <View style={styles.buttonRow}>
        {busy ? <ActivityIndicator color={colors.primaryText} /> : null}
        <Text style={common.buttonText}>{shown}</Text>
      </View>
    </Pressable>
  );
}

export function SecondaryButton({
  label,
  onPress,
  danger = false,
  disabled = false,
}: {
  label: string;
  onPress: () => void;
  danger?: boolean;
  disabled?: boolean;
}) {
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={label}
      aria-disabled={disabled}
      disabled={disabled}
      onPress={onPress}
      style={[styles.secondary, danger && styles.secondaryDanger]}
    >
      <Text style={[styles.secondaryText, danger && styles.dangerText]}>{label}</Text>
    </Pressable>
  );
}

/** "Kembali": the header has no back arrow, so each screen under the list offers one. */
export function BackLink({ onPress }: { onPress: () => void }) {
  const { t } = useTranslation();
  return <SharedBackLink label={t('nav.back')} onPress={onPress} />;
}

/** Sections under the screen's title are level-2 headings (react-native-web reads aria-level; native ignores it). */
const HEADING_LEVEL_2: object = { 'aria-level': 2 };

export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <View style={styles.section}>
      <Text style={styles.sectionTitle} accessibilityRole="header" {...HEADING_LEVEL_2}>
        {title}
      </Text>
      {children}
    </View>
  );
}

export const petsStyles = StyleSheet.create({
  card: {
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 12,
    padding: space.md,
    gap: space.xs,
    backgroundColor: colors.surface,
  },
  row: { flexDirection: 'row', alignItems: 'center', gap: space.md },
  grow: { flex: 1, minWidth: 0, gap: 2 },
  name: { fontSize: 17, fontWeight: '700', color: colors.text },
  warning: { backgroundColor: '#FFF4CE', borderColor: '#8A5A00' },
  overdue: { backgroundColor: colors.errorSurface, borderColor: colors.error },
  badge: { alignSelf: 'flex-start', borderRadius: 6, paddingHorizontal: space.sm, paddingVertical: 2, borderWidth: 1 },
  badgeText: { fontSize: 14, fontWeight: '700', color: colors.text },
});

const styles = StyleSheet.create({
  avatar: { backgroundColor: colors.surface },
  initial: {
    alignItems: 'center',
    justifyContent: 'center',
    backgroundColor: '#DCEFE8',
    borderWidth: 1,
    borderColor: colors.primary,
  },
  initialText: { color: colors.primary, fontWeight: '700' },
  field: { gap: space.xs },
  label: { fontSize: 14, fontWeight: '600', color: colors.text },
  input: inputBox,
  multiline: { minHeight: 88, paddingVertical: space.sm, textAlignVertical: 'top' },
  inputInvalid: { borderColor: colors.error, borderWidth: 2 },
  fieldError: { color: colors.error, fontSize: 14 },
  choices: { flexDirection: 'row', flexWrap: 'wrap', gap: space.sm },
  choice: {
    minHeight: MIN_TOUCH,
    minWidth: MIN_TOUCH,
    paddingHorizontal: space.md,
    borderRadius: 22,
    borderWidth: 1,
    borderColor: colors.border,
    alignItems: 'center',
    justifyContent: 'center',
    backgroundColor: colors.background,
  },
  choiceChecked: { backgroundColor: colors.primary, borderColor: colors.primary },
  choiceText: { fontSize: 15, color: colors.text },
  choiceTextChecked: { color: colors.primaryText, fontWeight: '700' },
  buttonIdle: { opacity: 0.75 },
  buttonRow: { flexDirection: 'row', alignItems: 'center', gap: space.sm },
  secondary: {
    minHeight: MIN_TOUCH,
    borderRadius: 8,
    borderWidth: 1,
    borderColor: colors.primary,
    paddingHorizontal: space.lg,
    alignItems: 'center',
    justifyContent: 'center',
    backgroundColor: colors.background,
  },
  secondaryDanger: { borderColor: colors.error },
  secondaryText: { color: colors.primary, fontSize: 16, fontWeight: '600' },
  dangerText: { color: colors.error },
  section: { gap: space.sm, marginTop: space.sm },
  sectionTitle: { fontSize: 19, fontWeight: '700', color: colors.text },
});
