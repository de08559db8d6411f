import { useTranslation } from 'react-i18next';
import { StyleSheet, Text, View } from 'react-native';
import type { ErrorView } from '../data/errors';
import { currentLocale } from '../i18n/i18n';
import { colors, space } from '../theme';

/** A failure in words: the problem's title and detail, a client message, or "something went wrong". */
export function ErrorBox({ error }: { error: ErrorView }) {
  const { t, i18n } = useTranslation();
  let title: string;
  let detail: string | undefined;
  if (error.kind === 'problem') {
    title = error.title;
    detail = error.detail && error.detail !== error.title ? error.detail : undefined;
  } else if (error.kind === 'message') {
    title = error.messages[currentLocale(i18n)];
  } else {
    title = t('error.unexpected');
  }
  return (
    <View style={styles.box} accessibilityRole="alert" accessibilityLiveRegion="assertive">
      <Text style={styles.title}>{title}</Text>
      {detail ? <Text style={styles.detail}>{detail}</Text> : null}
    </View>
  );
}

const styles = StyleSheet.create({
  box: {
    backgroundColor: colors.errorSurface,
    borderColor: colors.error,
    borderWidth: 1,
    borderRadius: 8,
    padding: space.md,
    gap: space.xs,
  },
  title: { color: colors.error, fontSize: 16, fontWeight: '700' },
  detail: { color: colors.text, fontSize: 14 },
});
