import { Pressable, StyleSheet, Text, type TextStyle } from 'react-native';
import { colors, MIN_TOUCH, space } from '../theme';

/**
 * A pill-shaped choice ≥ 44 px, filled when selected: a radio (one of a set) or a checkbox (☑/☐ before
 * its words). `label` names it when the visible `text` is terse ("★ 4+"); `weights` keeps an area's type
 * ([unselected, selected]); `stateful` also sets accessibilityState (the native way to say "checked").
 */
export function Chip({
  text,
  label,
  selected,
  onPress,
  role = 'radio',
  stateful = false,
  weights = ['400', '600'],
}: {
  text: string;
  label?: string;
  selected: boolean;
  onPress: () => void;
  role?: 'radio' | 'checkbox';
  stateful?: boolean;
  weights?: readonly [TextStyle['fontWeight'], TextStyle['fontWeight']];
}) {
  return (
    <Pressable
      accessibilityRole={role}
      aria-checked={selected}
      {...(stateful ? { accessibilityState: { checked: selected } } : {})}
      accessibilityLabel={label ?? text}
      onPress={onPress}
      style={[styles.chip, selected && styles.selected]}
    >
      <Text style={[styles.text, { fontWeight: weights[selected ? 1 : 0] }, selected && styles.selectedText]}>
        {role === 'checkbox' ? (selected ? '☑ ' : '☐ ') : ''}
        {text}
      </Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  chip: {
    minHeight: MIN_TOUCH,
    paddingHorizontal: space.md,
    borderRadius: 22,
    borderWidth: 1,
    borderColor: colors.border,
    backgroundColor: colors.background,
    justifyContent: 'center',
  },
  selected: { backgroundColor: colors.primary, borderColor: colors.primary },
  text: { fontSize: 14, color: colors.text },
  selectedText: { color: colors.primaryText },
});
