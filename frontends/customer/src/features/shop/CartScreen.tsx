import { formatIdr } from '@petpro/api-client';
import { useTranslation } from 'react-i18next';
import { Pressable, ScrollView, StyleSheet, Text, View } from 'react-native';
import { useStartedBlocState } from '../../bloc/use-bloc';
import { colors, common, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import type { CartBloc } from './cart-bloc';
import { groupCart, MAX_QUANTITY, type CartItem, type CartWarning } from './cart-repository';
import {
  BackButton,
  MoneyRow,
  Notice,
  PrimaryButton,
  ProductThumb,
  SecondaryButton,
  shopStyles,
  Stepper,
  LoadFailed,
} from './ShopUi';
import { LoadingRow, ScreenTitle } from '../../ui/screen';

export function CartScreen({
  bloc,
  onBack,
  onBrowse,
  onCheckout,
}: {
  bloc: CartBloc;
  onBack: () => void;
  onBrowse: () => void;
  onCheckout: () => void;
}) {
  const { t } = useTranslation();
  const state = useStartedBlocState(bloc, { type: 'load-requested' });

  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content}>
      <BackButton onPress={onBack} />
      <ScreenTitle>{t('shop.cart.title')}</ScreenTitle>
      {state.status === 'loading' ? <LoadingRow label={t('shop.cart.loading')} /> : null}
      {state.status === 'error' ? (
        <LoadFailed error={state.error} onRetry={() => void bloc.add({ type: 'load-requested' })} />
      ) : null}
      {state.status === 'loaded'
        ? (() => {
            const grouped = groupCart(state.cart);
            if (grouped.shops.length === 0)
              return (
                <View style={styles.block}>
                  <Text style={common.body}>{t('shop.cart.empty')}</Text>
                  <SecondaryButton label={t('shop.cart.browse')} onPress={onBrowse} role="link" />
                </View>
              );
            return (
              <>
                {state.reloadError ? <ErrorBox error={state.reloadError} /> : null}
                <Text style={common.muted}>{t('shop.cart.shopCount', { count: grouped.shops.length })}</Text>
                {grouped.shops.map((shop) => (
                  <View key={shop.vendorId} style={[shopStyles.card, styles.block]}>
                    <Text style={shopStyles.sectionTitle} accessibilityRole="header">
                      {shop.vendorName}
                    </Text>
                    {shop.lines.map(({ item, warnings }, index) => (
                      <View key={item.productId} style={styles.block}>
                        {index > 0 ? <View style={shopStyles.divider} /> : null}
                        <CartLine
                          item={item}
                          warnings={warnings}
                          busy={state.busy === item.productId}
                          locked={state.busy !== null}
                          onQuantity={(quantity) =>
                            void bloc.add({ type: 'quantity-changed', productId: item.productId, quantity })
                          }
                          onRemove={() => void bloc.add({ type: 'remove-requested', productId: item.productId })}
                          onAcceptPrice={() => void bloc.add({ type: 'price-accepted', productId: item.productId })}
                        />
                        {state.lineError?.productId === item.productId ? (
                          <ErrorBox error={state.lineError.error} />
                        ) : null}
                      </View>
                    ))}
                    <View style={shopStyles.divider} />
                    <MoneyRow label={t('shop.cart.shopSubtotal')} amount={shop.subtotal} />
                  </View>
                ))}
                <MoneyRow label={t('shop.cart.subtotal', { count: grouped.count })} amount={grouped.subtotal} strong />
                <Text style={common.muted}>{t('shop.cart.note')}</Text>
                {grouped.blocked ? (
                  <Notice tone="warning" alert>
                    {t('shop.cart.blocked')}
                  </Notice>
                ) : null}
                <PrimaryButton
                  label={t('shop.cart.checkout')}
                  disabled={grouped.blocked || state.busy !== null}
                  onPress={onCheckout}
                />
              </>
            );
          })()
        : null}
    </ScrollView>
  );
}

function CartLine({
  item,
  warnings,
  busy,
  locked,
  onQuantity,
  onRemove,
  onAcceptPrice,
}: {
  item: CartItem;
  warnings: CartWarning[];
  busy: boolean;
  locked: boolean;
  onQuantity: (quantity: number) => void;
  onRemove: () => void;
  onAcceptPrice: () => void;
}) {
  const { t } = useTranslation();
  const gone = warnings.some((warning) => warning.problem === 'unavailable');
  const max = Math.max(1, Math.min(MAX_QUANTITY, item.available));
  return (
    <View style={styles.line} aria-busy={busy}>
      <View style={styles.lineTop}>
        <ProductThumb name={item.name} imageUrl={item.imageUrl} size={56} />
        <View style={shopStyles.grow}>
          <Text style={shopStyles.name}>{item.name}</Text>
          <Text style={common.muted}>{t('shop.cart.unitPrice', { price: formatIdr(item.unitPrice) })}</Text>
          {gone ? null : <Text style={shopStyles.price}>{formatIdr(item.unitPrice * item.quantity)}</Text>}
        </View>
      </View>
      {warnings.map((warning) => (
        <Notice key={warning.problem} tone="warning">
          <Text style={styles.warningText}>{warningText(warning, t)}</Text>
          {warning.problem === 'price_changed' ? (
            <SecondaryButton
              label={t('shop.cart.acceptPrice')}
              accessibilityLabel={t('shop.cart.acceptPriceLabel', { name: item.name })}
              disabled={locked}
              onPress={onAcceptPrice}
            />
          ) : null}
          {warning.problem === 'not_enough_stock' && (warning.available ?? 0) > 0 ? (
            <SecondaryButton
              label={t('shop.cart.setToAvailable', { count: warning.available })}
              accessibilityLabel={t('shop.cart.setToAvailableLabel', { name: item.name, count: warning.available })}
              disabled={locked}
              onPress={() => onQuantity(warning.available ?? 0)}
            />
          ) : null}
        </Notice>
      ))}
      <View style={shopStyles.between}>
        {gone ? (
          <View />
        ) : (
          <Stepper
            value={item.quantity}
            min={1}
            max={Math.max(max, item.quantity)}
            onChange={onQuantity}
            valueLabel={t('shop.cart.quantityOf', { name: item.name })}
            decreaseLabel={t('shop.cart.decrease', { name: item.name })}
            increaseLabel={t('shop.cart.increase', { name: item.name })}
            disabled={locked}
          />
        )}
        <Pressable
          accessibilityRole="button"
          accessibilityLabel={t('shop.cart.removeLabel', { name: item.name })}
          aria-disabled={locked}
          disabled={locked}
          onPress={onRemove}
          style={common.linkButton}
        >
          <Text style={[common.linkText, styles.remove]}>{t('shop.cart.remove')}</Text>
        </Pressable>
      </View>
    </View>
  );
}

function warningText(warning: CartWarning, t: ReturnType<typeof useTranslation>['t']): string {
  switch (warning.problem) {
    case 'price_changed':
      return t('shop.cart.priceChanged', {
        seen: formatIdr(warning.seen ?? 0),
        now: formatIdr(warning.now ?? 0),
      });
    case 'not_enough_stock':
      return (warning.available ?? 0) > 0
        ? t('shop.cart.notEnoughStock', { count: warning.available ?? 0 })
        : t('shop.cart.soldOut');
    case 'unavailable':
      return t('shop.cart.unavailable');
  }
}

const styles = StyleSheet.create({
  block: { gap: space.sm },
  line: { gap: space.sm },
  lineTop: { flexDirection: 'row', gap: space.md, alignItems: 'flex-start' },
  warningText: { fontSize: 15, color: colors.text, fontWeight: '600' },
  remove: { color: colors.error },
});
