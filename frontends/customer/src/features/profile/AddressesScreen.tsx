import { useTranslation } from 'react-i18next';
import { Pressable, ScrollView, StyleSheet, Text, View } from 'react-native';
import type { AddressesBloc } from './addresses-bloc';
import { MAX_ADDRESSES, type Address } from './profile-repository';
import { PrimaryButton, TextLink } from '../../ui/form';
import { useBlocState } from '../../bloc/use-bloc';
import { colors, common, MIN_TOUCH, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { LastUpdated } from '../../ui/LastUpdated';
import { LoadingRow, ScreenTitle } from '../../ui/screen';

export function AddressesScreen({
  bloc,
  onAdd,
  onEdit,
  onBack,
}: {
  bloc: AddressesBloc;
  onAdd: () => void;
  onEdit: (addressId: string) => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const state = useBlocState(bloc);
  const full = state.addresses.length >= MAX_ADDRESSES;

  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content}>
      <TextLink label={t('profile.addresses.back')} onPress={onBack} />
      <ScreenTitle>{t('profile.addresses.title')}</ScreenTitle>
      <Text style={common.muted}>{t('profile.addresses.intro')}</Text>

      {state.status === 'loaded' ? <LastUpdated cached={state} /> : null}
      {state.status === 'error' ? (
        <>
          <ErrorBox error={state.error} />
          <PrimaryButton
            tone="secondary"
            label={t('profile.retry')}
            onPress={() => void bloc.add({ type: 'load-requested' })}
          />
        </>
      ) : null}
      {state.status === 'loading' && state.addresses.length === 0 ? (
        <LoadingRow nameSpinner={false} label={t('profile.addresses.loading')} />
      ) : null}
      {state.status === 'loaded' && state.addresses.length === 0 ? (
        <Text style={common.body}>{t('profile.addresses.empty')}</Text>
      ) : null}

      <View style={styles.list} role="list">
        {state.addresses.map((address) => (
          <AddressCard key={address.addressId} address={address} onPress={() => onEdit(address.addressId)} />
        ))}
      </View>

      {full ? (
        <Text style={common.muted}>{t('profile.addresses.full', { max: MAX_ADDRESSES })}</Text>
      ) : state.status !== 'error' ? (
        <PrimaryButton label={t('profile.addresses.add')} onPress={onAdd} />
      ) : null}
    </ScrollView>
  );
}

function AddressCard({ address, onPress }: { address: Address; onPress: () => void }) {
  const { t } = useTranslation();
  const lines = [
    `${address.recipientName} · ${address.phone}`,
    [address.line1, address.line2].filter(Boolean).join(', '),
    `${address.city}, ${address.province} ${address.postalCode}`,
  ];
  // No label of its own: the button is named by what it shows (the address, then "Ubah").
  return (
    <View role="listitem">
      <Pressable accessibilityRole="button" onPress={onPress} style={styles.card}>
        <View style={styles.cardHeader}>
          <Text style={styles.cardTitle}>{address.label}</Text>
          {address.isDefault ? <Text style={styles.badge}>{t('profile.addresses.default')}</Text> : null}
        </View>
        {lines.map((line) => (
          <Text key={line} style={common.body}>
            {line}
          </Text>
        ))}
        <Text style={common.linkText}>{t('profile.addresses.edit')}</Text>
      </Pressable>
    </View>
  );
}

const styles = StyleSheet.create({
  list: { gap: space.sm },
  card: {
    minHeight: MIN_TOUCH,
    padding: space.md,
    gap: space.xs,
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 8,
    backgroundColor: colors.background,
  },
  cardHeader: { flexDirection: 'row', alignItems: 'center', gap: space.sm },
  cardTitle: { fontSize: 18, fontWeight: '700', color: colors.text },
  badge: {
    color: colors.primaryText,
    backgroundColor: colors.primary,
    borderRadius: 4,
    paddingHorizontal: space.sm,
    paddingVertical: 2,
    fontSize: 12,
    fontWeight: '700',
  },
});
