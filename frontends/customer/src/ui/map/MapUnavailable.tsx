import { StyleSheet, Text, View } from 'react-native';
import { colors, space } from '../../theme';

/** Where no map can be drawn: a quiet box saying so (the list beside it carries the content). */
export function MapUnavailable({ text }: { text: string }) {
  return (
    <View style={styles.box} accessibilityRole="text">
      <Text style={styles.text}>{text}</Text>
    </View>
  );
}

const styles = StyleSheet.create({
  box: {
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    bottom: 0,
    alignItems: 'center',
    justifyContent: 'center',
    padding: space.lg,
    backgroundColor: colors.surface,
  },
  text: { fontSize: 14, color: colors.muted, textAlign: 'center' },
});
