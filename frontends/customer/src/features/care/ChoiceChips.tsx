import { Pressable, StyleSheet, Text, View } from 'react-native';
import { colors, MIN_TOUCH, space } from '../../theme';

export interface Choice<T> {
  value: T;
  text: string;
  /** What a screen reader says when the chip's text is terse (e.g. "★ 4+"). */
  label?: string;
}

/** One choice of several (a radio group drawn as chips that wrap): a filter, a place. */
export function ChoiceChips<T extends string | number | null>({
  label,
  choices,
  value,
  onChange,
}: {
  label: string;
  choices: readonly Choice<T>[];
  value: T;
  onChange: (value: T) => void;
}) {
  return (
    <View style={styles.group}>
      <Text style={styles.label}>{label}</Text>
      <View style={styles.chips} accessibilityRole="radiogroup" accessibilityLabel={label}>
        {choices.map((choice) => {
          const checked = choice.value === value;
          return (
            <Pressable
              key={String(choice.value)}
              accessibilityRole="radio"
              aria-checked={checked}
              accessibilityLabel={choice.label ?? choice.text}
              onPress={() => onChange(choice.value)}
              style={[styles.chip, checked && styles.checked]}
            >
              <Text style={[styles.text, checked && styles.checkedText]}>{choice.text}</Text>
            </Pressable>
          );
        })}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  group: { gap: space.xs },
  label: { fontSize: 14, fontWeight: '700', color: colors.text },
  chips: { flexDirection: 'row', flexWrap: 'wrap', gap: space.sm },
  chip: {
    minHeight: MIN_TOUCH,
    paddingHorizontal: space.md,
    borderRadius: 22,
    borderWidth: 1,
    borderColor: colors.border,
    backgroundColor: colors.background,
    justifyContent: 'center',
  },
  checked: { backgroundColor: colors.primary, borderColor: colors.primary },
  text: { fontSize: 14, color: colors.text },
  checkedText: { color: colors.primaryText, fontWeight: '600' },
});
