import { StyleSheet } from 'react-native';

/** PetPro's colours (contrast ≥ 4.5:1 on white for text) and spacing. */
export const colors = {
  primary: '#0B6E4F',
  primaryText: '#FFFFFF',
  text: '#1B1F23',
  muted: '#4A5560',
  border: '#C9D1D9',
  background: '#FFFFFF',
  surface: '#F4F7F6',
  error: '#B3261E',
  errorSurface: '#FDECEA',
} as const;

export const space = { xs: 4, sm: 8, md: 12, lg: 16, xl: 24 } as const;

/** Touch targets at least 44 pt high (WCAG 2.5.5, Apple HIG). */
export const MIN_TOUCH = 44;

export const common = StyleSheet.create({
  screen: { flex: 1, backgroundColor: colors.background },
  content: { width: '100%', maxWidth: 560, alignSelf: 'center', padding: space.lg, gap: space.md },
  title: { fontSize: 24, fontWeight: '700', color: colors.text },
  body: { fontSize: 16, color: colors.text },
  muted: { fontSize: 14, color: colors.muted },
  button: {
    minHeight: MIN_TOUCH,
    borderRadius: 8,
    backgroundColor: colors.primary,
    paddingHorizontal: space.lg,
    alignItems: 'center',
    justifyContent: 'center',
  },
  buttonText: { color: colors.primaryText, fontSize: 16, fontWeight: '600' },
  linkButton: { minHeight: MIN_TOUCH, justifyContent: 'center', paddingHorizontal: space.sm },
  linkText: { color: colors.primary, fontSize: 16, fontWeight: '600', textDecorationLine: 'underline' },
});
