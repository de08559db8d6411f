import { useTranslation } from 'react-i18next';
import { Pressable, StyleSheet, Text, View } from 'react-native';
import { TABS, type Tab } from '../navigation';
import { colors, MIN_TOUCH, space } from '../theme';

/** The five main areas at the bottom of the screen; the current one is marked selected. */
export function TabBar({ current, onSelect }: { current: Tab | undefined; onSelect: (tab: Tab) => void }) {
  const { t } = useTranslation();
  return (
    <View style={styles.bar} accessibilityRole="tablist" accessibilityLabel={t('nav.tabs')}>
      {TABS.map((tab) => {
        const selected = tab === current;
        return (
          <Pressable
            key={tab}
            accessibilityRole="tab"
            aria-selected={selected}
            accessibilityState={{ selected }}
            onPress={() => onSelect(tab)}
            style={styles.tab}
          >
            <Text style={[styles.label, selected && styles.selected]}>{t(`tab.${tab}`)}</Text>
          </Pressable>
        );
      })}
    </View>
  );
}

const styles = StyleSheet.create({
  bar: {
    flexDirection: 'row',
    borderTopWidth: 1,
    borderTopColor: colors.border,
    backgroundColor: colors.background,
  },
  tab: { flex: 1, minHeight: MIN_TOUCH + space.sm, alignItems: 'center', justifyContent: 'center' },
  label: { fontSize: 13, color: colors.muted, fontWeight: '500' },
  selected: { color: colors.primary, fontWeight: '700' },
});
