import { formatIdr } from '@petpro/api-client';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { useStartedBlocState } from '../../bloc/use-bloc';
import { currentLocale } from '../../i18n/i18n';
import { colors, common, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { isBlocking } from './cart-repository';
import { canPay, type CheckoutBloc, type ReadyCheckout, type ShopShipping } from './checkout-bloc';
import type { CheckoutView } from './checkout-repository';
import { courierName, etaText, serviceName, weightText } from './shop-format';
import {
  BackButton,
  MoneyRow,
  Notice,
  PrimaryButton,
  RadioRow,
  SecondaryButton,
  shopStyles,
  LoadFailed,
} from './ShopUi';
import { LoadingRow, ScreenTitle } from '../../ui/screen';

export function CheckoutScreen({
  bloc,
  onBack,
  onOpenCart,
  onAddAddress,
  onPlaced,
}: {
  bloc: CheckoutBloc;
  onBack: () => void;
  onOpenCart: () => void;
  onAddAddress: () => void;
  onPlaced: (checkout: CheckoutView) => void;
}) {
  const { t } = useTranslation();
  const state = useStartedBlocState(bloc, { type: 'started' });

  useEffect(() => {
    if (state.status === 'placed') onPlaced(state.checkout);
  }, [state, onPlaced]);

  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content}>
      <BackButton onPress={onBack} />
      <ScreenTitle>{t('shop.checkout.title')}</ScreenTitle>
      {state.status === 'loading' || state.status === 'placed' ? (
        <LoadingRow label={t('shop.checkout.loading')} />
      ) : null}
      {state.status === 'error' ? (
        <LoadFailed error={state.error} onRetry={() => void bloc.add({ type: 'started' })} />
      ) : null}
      {state.status === 'empty' ? (
        <View style={styles.block}>
          <Text style={common.body}>{t('shop.checkout.empty')}</Text>
          <SecondaryButton label={t('shop.checkout.backToCart')} onPress={onOpenCart} role="link" />
        </View>
      ) : null}
      {state.status === 'no-address' ? (
        <Notice tone="warning" alert>
          <Text style={common.body}>{t('shop.checkout.noAddress')}</Text>
          <PrimaryButton label={t('shop.checkout.addAddress')} onPress={onAddAddress} />
        </Notice>
      ) : null}
      {state.status === 'cart-blocked' ? (
        <Notice tone="warning" alert>
          <Text style={common.body}>{t('shop.checkout.blocked')}</Text>
          <PrimaryButton label={t('shop.checkout.backToCart')} onPress={onOpenCart} />
        </Notice>
      ) : null}
      {state.status === 'ready' ? <ReadyCheckoutView state={state} bloc={bloc} onOpenCart={onOpenCart} /> : null}
    </ScrollView>
  );
}

function ReadyCheckoutView({
  state,
  bloc,
  onOpenCart,
}: {
  state: ReadyCheckout;
  bloc: CheckoutBloc;
  onOpenCart: () => void;
}) {
  const { t } = useTranslation();
  const quote = state.quote.status === 'loaded' ? state.quote.quote : null;
  const nameOf = (productId: string) => state.items.find((item) => item.productId === productId)?.name ?? productId;
  return (
    <>
      <Text style={shopStyles.sectionTitle} accessibilityRole="header" nativeID="shop-address-label">
        {t('shop.checkout.address')}
      </Text>
      <View style={styles.block} accessibilityRole="radiogroup" aria-labelledby="shop-address-label">
        {state.addresses.map((address) => {
          const label = t('shop.checkout.addressLabel', {
            label: address.label,
            recipient: address.recipientName,
            line: address.line2 ? `${address.line1}, ${address.line2}` : address.line1,
            city: address.city,
            postalCode: address.postalCode,
          });
          return (
            <RadioRow
              key={address.addressId}
              selected={address.addressId === state.addressId}
              label={label}
              disabled={state.paying}
              onPress={() => void bloc.add({ type: 'address-chosen', addressId: address.addressId })}
            >
              <Text style={shopStyles.strong}>{address.label}</Text>
              <Text style={common.muted}>
                {address.recipientName}, {address.line1}
                {address.line2 ? `, ${address.line2}` : ''}, {address.city} {address.postalCode}
              </Text>
            </RadioRow>
          );
        })}
      </View>

      {state.shops.map((shop) => (
        <ShopCourier
          key={shop.vendorId}
          shop={shop}
          count={state.items
            .filter((item) => item.vendorId === shop.vendorId)
            .reduce((sum, item) => sum + item.quantity, 0)}
          disabled={state.paying}
          onChoose={(serviceCode) => void bloc.add({ type: 'courier-chosen', vendorId: shop.vendorId, serviceCode })}
          onRetry={() => void bloc.add({ type: 'rates-retry-requested', vendorId: shop.vendorId })}
        />
      ))}

      <Text style={shopStyles.sectionTitle} accessibilityRole="header">
        {t('shop.checkout.summary')}
      </Text>
      {state.quote.status === 'idle' ? <Text style={common.muted}>{t('shop.checkout.chooseCourier')}</Text> : null}
      {state.quote.status === 'loading' ? <LoadingRow label={t('shop.checkout.quoteLoading')} /> : null}
      {state.quote.status === 'error' ? (
        <View style={styles.block}>
          <ErrorBox error={state.quote.error} />
          <SecondaryButton
            label={t('shop.checkout.quoteRetry')}
            onPress={() => void bloc.add({ type: 'quote-retry-requested' })}
          />
        </View>
      ) : null}
      {quote ? (
        <View style={styles.block} accessibilityLiveRegion="polite">
          {quote.orders.map((order) => (
            <View key={order.vendorId} style={[shopStyles.card, styles.block]}>
              <Text style={shopStyles.strong}>{order.vendorName}</Text>
              <MoneyRow label={t('shop.checkout.subtotal')} amount={order.subtotal} />
              <MoneyRow label={t('shop.checkout.shipping')} amount={order.shipping} />
              <MoneyRow label={t('shop.checkout.tax')} amount={order.tax} />
              <View style={shopStyles.divider} />
              <MoneyRow label={t('shop.checkout.shopTotal')} amount={order.total} />
            </View>
          ))}
          <MoneyRow label={t('shop.checkout.total')} amount={quote.total} strong />
          {quote.warnings.map((warning) =>
            warning.problem === 'price_changed' ? (
              <Notice key={`${warning.productId}-price`} tone="warning">
                {t('shop.checkout.priceWarning', {
                  name: nameOf(warning.productId),
                  seen: formatIdr(warning.seen ?? 0),
                  now: formatIdr(warning.now ?? 0),
                })}
              </Notice>
            ) : null,
          )}
          {quote.warnings.some(isBlocking) ? (
            <Notice tone="warning" alert>
              <Text style={common.body}>{t('shop.checkout.blocked')}</Text>
              <SecondaryButton label={t('shop.checkout.backToCart')} onPress={onOpenCart} role="link" />
            </Notice>
          ) : null}
        </View>
      ) : null}

      {state.quoteRenewed ? (
        <Notice tone="warning" alert>
          {t('shop.checkout.quoteRenewed')}
        </Notice>
      ) : null}
      {state.payError ? <ErrorBox error={state.payError} /> : null}
      {state.gone.length > 0 ? (
        <Notice tone="warning">
          {state.gone.map((line) => (
            <Text key={line.productId} style={common.body}>
              {line.problem === 'unavailable'
                ? t('shop.checkout.goneUnavailable', { name: line.name })
                : line.available !== null && line.available > 0
                  ? t('shop.checkout.goneLeft', { name: line.name, count: line.available })
                  : t('shop.checkout.gone', { name: line.name })}
            </Text>
          ))}
          <SecondaryButton label={t('shop.checkout.backToCart')} onPress={onOpenCart} role="link" />
        </Notice>
      ) : null}

      <Text style={common.muted}>{t('shop.checkout.payNote')}</Text>
      <PrimaryButton
        label={state.paying ? t('shop.checkout.paying') : t('shop.checkout.pay')}
        accessibilityLabel={
          state.paying
            ? t('shop.checkout.paying')
            : quote
              ? t('shop.checkout.payLabel', { total: formatIdr(quote.total) })
              : t('shop.checkout.pay')
        }
        busy={state.paying}
        disabled={!canPay(state)}
        onPress={() => void bloc.add({ type: 'pay-requested' })}
      />
    </>
  );
}

function ShopCourier({
  shop,
  count,
  disabled,
  onChoose,
  onRetry,
}: {
  shop: ShopShipping;
  count: number;
  disabled: boolean;
  onChoose: (serviceCode: string) => void;
  onRetry: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const headingId = `shop-courier-${shop.vendorId}`;
  return (
    <View style={[shopStyles.card, styles.block]}>
      <Text style={shopStyles.sectionTitle} accessibilityRole="header" nativeID={headingId}>
        {t('shop.checkout.courierFor', { shop: shop.vendorName })}
      </Text>
      <Text style={common.muted}>
        {t('shop.checkout.parcel', { weight: weightText(shop.weightGrams, locale), count })}
      </Text>
      {shop.rates.status === 'loading' ? <LoadingRow label={t('shop.checkout.ratesLoading')} /> : null}
      {shop.rates.status === 'error' ? (
        <View style={styles.block}>
          <ErrorBox error={shop.rates.error} />
          <SecondaryButton label={t('shop.checkout.ratesRetry')} onPress={onRetry} />
        </View>
      ) : null}
      {shop.rates.status === 'loaded' && shop.rates.items.length === 0 ? (
        <Text style={common.body}>{t('shop.checkout.noRates')}</Text>
      ) : null}
      {shop.rates.status === 'loaded' && shop.rates.items.length > 0 ? (
        <View style={styles.block} accessibilityRole="radiogroup" aria-labelledby={headingId}>
          {shop.rates.items.map((rate) => {
            const name = t('shop.checkout.rate', {
              courier: courierName(rate.courier),
              service: serviceName(rate.service, t),
            });
            const price = formatIdr(rate.price.amount);
            const eta = etaText(rate.etaDays, t);
            return (
              <RadioRow
                key={rate.serviceCode}
                selected={shop.chosen === rate.serviceCode}
                label={t('shop.checkout.rateLabel', {
                  courier: courierName(rate.courier),
                  service: serviceName(rate.service, t),
                  price,
                  eta,
                })}
                disabled={disabled}
                onPress={() => onChoose(rate.serviceCode)}
              >
                <View style={shopStyles.between}>
                  <Text style={[common.body, shopStyles.strong, styles.shrink]}>{name}</Text>
                  <Text style={[common.body, shopStyles.strong]}>{price}</Text>
                </View>
                <Text style={styles.eta}>{eta}</Text>
              </RadioRow>
            );
          })}
        </View>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  block: { gap: space.sm },
  shrink: { flexShrink: 1 },
  eta: { fontSize: 14, color: colors.muted },
});
