import { formatIdr } from '@petpro/api-client';
import { useTranslation } from 'react-i18next';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { useStartedBlocState } from '../../bloc/use-bloc';
import { currentLocale } from '../../i18n/i18n';
import { colors, common, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { LastUpdated } from '../../ui/LastUpdated';
import type { OrderBloc } from './orders-bloc';
import { canCancel, type Order, type Tracking } from './orders-repository';
import { statusTone } from './OrdersScreen';
import { formatMoment, serviceCodeName, shortId } from './shop-format';
import { BackButton, MoneyRow, Notice, PrimaryButton, SecondaryButton, shopStyles, LoadFailed } from './ShopUi';
import { LoadingRow, ScreenTitle } from '../../ui/screen';

export function OrderScreen({
  bloc,
  onBack,
  onPay,
}: {
  bloc: OrderBloc;
  onBack: () => void;
  /** An unpaid order: back to its checkout's payment page. */
  onPay: (checkoutId: string) => void;
}) {
  const { t } = useTranslation();
  const state = useStartedBlocState(bloc, { type: 'load-requested' });

  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content}>
      <BackButton onPress={onBack} />
      <ScreenTitle>{t('shop.order.title')}</ScreenTitle>
      {state.status === 'loading' ? <LoadingRow label={t('shop.order.loading')} /> : null}
      {state.status === 'error' ? (
        <LoadFailed error={state.error} onRetry={() => void bloc.add({ type: 'load-requested' })} />
      ) : null}
      {state.status === 'loaded' ? (
        <>
          <LastUpdated cached={state} />
          <OrderSummary order={state.order} />
          {state.cancelled ? (
            <Notice tone="success" alert>
              {t('shop.order.cancelled')}
            </Notice>
          ) : null}
          {state.cancelError ? <ErrorBox error={state.cancelError} /> : null}
          {state.order.status === 'pending_payment' ? (
            <PrimaryButton label={t('shop.order.pay')} onPress={() => onPay(state.order.checkoutId)} />
          ) : null}
          {awaitsShipping(state.order) || state.tracking?.shipment ? (
            <TrackingView order={state.order} tracking={state.tracking} />
          ) : null}
          {canCancel(state.order) && !state.fromCache ? (
            state.cancel === 'none' ? (
              <SecondaryButton
                label={t('shop.order.cancel')}
                onPress={() => void bloc.add({ type: 'cancel-requested' })}
              />
            ) : (
              <Notice tone="warning" alert>
                <Text style={common.body}>{t('shop.order.cancelConfirm')}</Text>
                <PrimaryButton
                  label={state.cancel === 'cancelling' ? t('shop.order.cancelling') : t('shop.order.cancelYes')}
                  busy={state.cancel === 'cancelling'}
                  onPress={() => void bloc.add({ type: 'cancel-confirmed' })}
                />
                <SecondaryButton
                  label={t('shop.order.cancelNo')}
                  disabled={state.cancel === 'cancelling'}
                  onPress={() => void bloc.add({ type: 'cancel-dismissed' })}
                />
              </Notice>
            )
          ) : null}
          <SecondaryButton label={t('shop.refresh')} onPress={() => void bloc.add({ type: 'load-requested' })} />
        </>
      ) : null}
    </ScrollView>
  );
}

/** Paid and on its way (or about to be): where tracking belongs. An unpaid or ended order has none to show. */
function awaitsShipping(order: Order): boolean {
  return ['paid', 'processing', 'shipped', 'delivered', 'completed'].includes(order.status);
}

function OrderSummary({ order }: { order: Order }) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  return (
    <View style={styles.block}>
      <Text style={shopStyles.sectionTitle}>{t('shop.order.from', { shop: order.vendorName })}</Text>
      <Text style={[styles.status, statusTone(order.status)]} accessibilityLiveRegion="polite">
        {t('shop.order.status', { status: t(`shop.status.${order.status}`) })}
      </Text>
      <Text style={common.muted}>
        {t('shop.order.number', { id: shortId(order.orderId) })} ·{' '}
        {t('shop.orders.placed', { time: formatMoment(order.createdAt, locale) })}
      </Text>
      {order.cancelReason ? (
        <Text style={common.body}>{t('shop.order.cancelReason', { reason: order.cancelReason })}</Text>
      ) : null}
      <View style={[shopStyles.card, styles.block]}>
        <Text style={shopStyles.strong}>{t('shop.order.products')}</Text>
        {order.lines.map((line) => (
          <View key={line.productId} style={shopStyles.between}>
            <View style={shopStyles.grow}>
              <Text style={common.body}>{line.name}</Text>
              <Text style={common.muted}>
                {t('shop.order.line', { quantity: line.quantity, price: formatIdr(line.unitPrice) })}
              </Text>
            </View>
            <Text style={common.body}>{formatIdr(line.lineSubtotal)}</Text>
          </View>
        ))}
        <View style={shopStyles.divider} />
        <MoneyRow label={t('shop.checkout.subtotal')} amount={order.subtotal.amount} />
        <MoneyRow label={t('shop.checkout.shipping')} amount={order.shipping.amount} />
        <MoneyRow label={t('shop.checkout.tax')} amount={order.tax.amount} />
        <MoneyRow label={t('shop.order.total')} amount={order.total.amount} strong />
      </View>
    </View>
  );
}

function TrackingView({ order, tracking }: { order: Order; tracking: Tracking | null }) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const shipment = tracking?.shipment ?? null;
  return (
    <View style={[shopStyles.card, styles.block]}>
      <Text style={shopStyles.sectionTitle} accessibilityRole="header">
        {t('shop.order.tracking')}
      </Text>
      <Text style={common.body}>
        {t('shop.order.courier', { courier: serviceCodeName(shipment?.serviceCode ?? order.shippingServiceCode, t) })}
      </Text>
      {order.shipFailure ? (
        <Text style={styles.failure}>{t('shop.order.shipFailed', { reason: order.shipFailure.reason })}</Text>
      ) : null}
      {shipment ? (
        <>
          <Text style={[common.body, shopStyles.strong]} selectable>
            {shipment.trackingNumber
              ? t('shop.order.waybill', { number: shipment.trackingNumber })
              : t('shop.order.noWaybill')}
          </Text>
          <Text style={[styles.status, styles.good]}>{t(`shop.shipment.${shipment.status}`)}</Text>
          <View style={styles.history} role="list">
            {[...shipment.history].reverse().map((step) => (
              <View key={`${step.status}-${step.at}`} style={styles.step} role="listitem">
                <View style={styles.dot} />
                <View style={shopStyles.grow}>
                  <Text style={common.body}>{t(`shop.shipment.${step.status}`)}</Text>
                  <Text style={common.muted}>{formatMoment(step.at, locale)}</Text>
                </View>
              </View>
            ))}
          </View>
        </>
      ) : (
        <Text style={common.muted}>{t('shop.order.notShipped')}</Text>
      )}
    </View>
  );
}

const styles = StyleSheet.create({
  block: { gap: space.sm },
  status: { fontSize: 16, fontWeight: '700' },
  good: { color: colors.primary },
  failure: { color: colors.error, fontSize: 14 },
  history: { gap: space.sm },
  step: { flexDirection: 'row', gap: space.sm, alignItems: 'flex-start' },
  dot: { width: 10, height: 10, borderRadius: 5, backgroundColor: colors.primary, marginTop: 6 },
});
