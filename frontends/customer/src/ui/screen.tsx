/** The scaffolding screens share: title, back link, loading row, a failed load with its retry. */
import type { ReactNode } from 'react';
import { ActivityIndicator, Pressable, StyleSheet, Text, View } from 'react-native';
import type { ErrorView } from '../data/errors';
import { colors, common, space } from '../theme';
import { ErrorBox } from './ErrorBox';

/** The screen's title: its one header. */
export function ScreenTitle({ children }: { children: ReactNode }) {
  return (
    <Text style={common.title} accessibilityRole="header">
      {children}
    </Text>
  );
}

/**
 * "Loading …" while a screen waits: a spinner beside the words, announced politely. `nameSpinner`
 * also gives the spinner the words as its name (most screens do; profile and pets leave it unnamed).
 */
export function LoadingRow({ label, nameSpinner = true }: { label: string; nameSpinner?: boolean }) {
  return (
    <View style={styles.row} accessibilityLiveRegion="polite">
      <ActivityIndicator color={colors.primary} {...(nameSpinner ? { accessibilityLabel: label } : {})} />
      <Text style={common.muted}>{label}</Text>
    </View>
  );
}

/** A load that failed: the problem in words, then the area's own retry control (`retry`) under it. */
export function ErrorWithRetry({ error, retry, style }: { error: ErrorView; retry: ReactNode; style?: object }) {
  return (
    <View style={[styles.block, style]}>
      <ErrorBox error={error} />
      {retry}
    </View>
  );
}

/** "‹ Kembali" / "← Kembali": back to the screen before (the header has no back arrow). */
export function BackLink({ label, arrow = '‹', onPress }: { label: string; arrow?: '‹' | '←'; onPress: () => void }) {
  return (
    <Pressable
      accessibilityRole="button"
      accessibilityLabel={label}
      onPress={onPress}
      style={[common.linkButton, styles.back]}
    >
      <Text style={common.linkText}>{`${arrow} ${label}`}</Text>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  row: { flexDirection: 'row', alignItems: 'center', gap: space.sm },
  block: { gap: space.sm },
  back: { alignSelf: 'flex-start', paddingHorizontal: 0 },
});
