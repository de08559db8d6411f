import { LOCALES, type Locale } from '@petpro/api-client';
import { useTranslation } from 'react-i18next';
import { Pressable, StyleSheet, Text, View } from 'react-native';
import { currentLocale } from '../i18n/i18n';
import { langProps } from '../i18n/lang';
import { colors, MIN_TOUCH, space } from '../theme';

const SHORT: Record<Locale, string> = { id: 'ID', en: 'EN' };

/** The app bar: PetPro, the language switch, and the screen's own action (sign in / sign out). */
export function Header({
  onLocaleChange,
  action,
}: {
  onLocaleChange: (locale: Locale) => void;
  action?: { label: string; onPress: () => void };
}) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  return (
    <View style={styles.bar} accessibilityRole="header">
      <Text style={styles.brand}>{t('app.name')}</Text>
      <View style={styles.right}>
        <View
          style={styles.switch}
          accessibilityRole="radiogroup"
          accessibilityLabel={t('language.current', { language: t(`language.${locale}`) })}
        >
          {LOCALES.map((option) => {
            const selected = option === locale;
            return (
              <Pressable
                key={option}
                accessibilityRole="radio"
                aria-checked={selected}
                accessibilityLabel={t(`language.${option}`)}
                accessibilityLanguage={option}
                {...langProps(option)}
                onPress={() => onLocaleChange(option)}
                style={[styles.option, selected && styles.selected]}
              >
                <Text style={[styles.optionText, selected && styles.selectedText]}>{SHORT[option]}</Text>
              </Pressable>
            );
          })}
        </View>
        {action ? (
          <Pressable
            accessibilityRole="button"
            accessibilityLabel={action.label}
            onPress={action.onPress}
            style={styles.action}
          >
            <Text style={styles.actionText}>{action.label}</Text>
          </Pressable>
        ) : null}
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  bar: {
    flexDirection: 'row',
    alignItems: 'center',
    justifyContent: 'space-between',
    flexWrap: 'wrap',
    gap: space.sm,
    paddingHorizontal: space.lg,
    paddingVertical: space.sm,
    backgroundColor: colors.primary,
  },
  brand: { color: colors.primaryText, fontSize: 20, fontWeight: '700' },
  right: { flexDirection: 'row', alignItems: 'center', gap: space.sm },
  switch: {
    flexDirection: 'row',
    borderColor: colors.primaryText,
    borderWidth: 1,
    borderRadius: 8,
    overflow: 'hidden',
  },
  option: { minHeight: MIN_TOUCH, minWidth: MIN_TOUCH, alignItems: 'center', justifyContent: 'center' },
  selected: { backgroundColor: colors.primaryText },
  optionText: { color: colors.primaryText, fontSize: 14, fontWeight: '600' },
  selectedText: { color: colors.primary },
  action: { minHeight: MIN_TOUCH, justifyContent: 'center', paddingHorizontal: space.sm },
  actionText: { color: colors.primaryText, fontSize: 16, fontWeight: '600', textDecorationLine: 'underline' },
});
