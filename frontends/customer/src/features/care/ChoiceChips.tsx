import { StyleSheet, Text, View } from 'react-native';
import { colors, space } from '../../theme';
import { Chip } from '../../ui/Chip';

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
            <Chip
              key={String(choice.value)}
              text={choice.text}
              label={choice.label ?? choice.text}
              selected={checked}
              onPress={() => onChange(choice.value)}
            />
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
});
