import { formatIdr } from '@petpro/api-client';
import { useTranslation } from 'react-i18next';
import { FlatList, Pressable, StyleSheet, Text, View } from 'react-native';
import { useStartedBlocState } from '../../bloc/use-bloc';
import { currentLocale } from '../../i18n/i18n';
import { colors, common, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { LastUpdated } from '../../ui/LastUpdated';
import type { OrdersBloc } from './orders-bloc';
import type { Order } from './orders-repository';
import { formatMoment } from './shop-format';
import { BackButton, SecondaryButton, shopStyles, LoadFailed } from './ShopUi';
import { LoadingRow, ScreenTitle } from '../../ui/screen';

export function OrdersScreen({
  bloc,
  onBack,
  onOpenOrder,
}: {
  bloc: OrdersBloc;
  onBack: () => void;
  onOpenOrder: (orderId: string) => void;
}) {
  const { t } = useTranslation();
  const state = useStartedBlocState(bloc, { type: 'load-requested' });

  return (
    <View style={common.screen}>
      <FlatList
        data={state.status === 'loaded' ? (state.items as Order[]) : []}
        keyExtractor={(order) => order.orderId}
        contentContainerStyle={common.content}
        ListHeaderComponent={
          <View style={styles.block}>
            <BackButton onPress={onBack} />
            <ScreenTitle>{t('shop.orders.title')}</ScreenTitle>
            {state.status === 'loading' ? <LoadingRow label={t('shop.orders.loading')} /> : null}
            {state.status === 'error' ? (
              <LoadFailed
                error={state.error}
                onRetry={() => void bloc.add({ type: 'load-requested' })}
                style={styles.block}
              />
            ) : null}
            {state.status === 'loaded' ? <LastUpdated cached={state} /> : null}
          </View>
        }
        ListEmptyComponent={
          state.status === 'loaded' ? <Text style={common.body}>{t('shop.orders.empty')}</Text> : null
        }
        renderItem={({ item }) => <OrderRow order={item} onPress={() => onOpenOrder(item.orderId)} />}
        ListFooterComponent={
          state.status === 'loaded' ? (
            <View style={styles.block}>
              {state.moreError ? <ErrorBox error={state.moreError} /> : null}
              {state.loadingMore ? <LoadingRow label={t('shop.orders.loading')} /> : null}
              {state.nextCursor && !state.loadingMore ? (
                <SecondaryButton
                  label={t('shop.orders.more')}
                  onPress={() => void bloc.add({ type: 'more-requested' })}
                />
              ) : null}
              <SecondaryButton label={t('shop.refresh')} onPress={() => void bloc.add({ type: 'load-requested' })} />
            </View>
          ) : null
        }
      />
    </View>
  );
}

function OrderRow({ order, onPress }: { order: Order; onPress: () => void }) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const status = t(`shop.status.${order.status}`);
  const total = formatIdr(order.total.amount);
  const items = t('shop.orders.items', { count: order.lines.reduce((sum, line) => sum + line.quantity, 0) });
  const placed = t('shop.orders.placed', { time: formatMoment(order.createdAt, locale) });
  return (
    <Pressable accessibilityRole="link" onPress={onPress} style={[shopStyles.card, styles.row]}>
      <View style={shopStyles.between}>
        <Text style={shopStyles.name}>{order.vendorName}</Text>
        <Text style={shopStyles.price}>{total}</Text>
      </View>
      <Text style={[styles.status, statusTone(order.status)]}>{status}</Text>
      <Text style={common.muted}>
        {items}, {placed}
      </Text>
    </Pressable>
  );
}

/** Finished-badly orders in red, the rest in the brand colour. */
export function statusTone(status: Order['status']) {
  return status === 'cancelled' || status === 'expired' || status === 'refunded' ? styles.bad : styles.good;
}

const styles = StyleSheet.create({
  block: { gap: space.sm, marginBottom: space.sm },
  row: { marginBottom: space.sm },
  status: { fontSize: 15, fontWeight: '700' },
  good: { color: colors.primary },
  bad: { color: colors.error },
});
