import { formatIdr } from '@petpro/api-client';
import { useTranslation } from 'react-i18next';
import { ScrollView, StyleSheet, Text, View } from 'react-native';
import { useStartedBlocState } from '../../bloc/use-bloc';
import { currentLocale } from '../../i18n/i18n';
import { langProps } from '../../i18n/lang';
import { common, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import { maxQuantity, type ProductBloc } from './product-bloc';
import { stockText, weightText } from './shop-format';
import {
  BackButton,
  Notice,
  PrimaryButton,
  ProductThumb,
  SecondaryButton,
  shopStyles,
  Stepper,
  LoadFailed,
} from './ShopUi';
import { LoadingRow, ScreenTitle } from '../../ui/screen';

export function ProductScreen({
  bloc,
  signedIn,
  onBack,
  onSignIn,
  onOpenCart,
}: {
  bloc: ProductBloc;
  signedIn: boolean;
  onBack: () => void;
  /** Sign-in, then back to this product. */
  onSignIn: () => void;
  onOpenCart: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const state = useStartedBlocState(bloc, { type: 'load-requested' });

  return (
    <ScrollView style={common.screen} contentContainerStyle={common.content}>
      <BackButton onPress={onBack} />
      {state.status === 'loading' ? <LoadingRow label={t('shop.product.loading')} /> : null}
      {state.status === 'error' ? (
        <LoadFailed error={state.error} onRetry={() => void bloc.add({ type: 'load-requested' })} />
      ) : null}
      {state.status === 'loaded'
        ? (() => {
            const { product } = state;
            const max = maxQuantity(product);
            // The English description when there is one; else the Indonesian, marked as such for screen readers.
            const english = locale === 'en' && product.descriptionEn ? product.descriptionEn : null;
            return (
              <>
                <View style={styles.top}>
                  <ProductThumb name={product.name} imageUrl={product.imageUrl} size={96} />
                  <View style={shopStyles.grow}>
                    <ScreenTitle>{product.name}</ScreenTitle>
                    <Text style={common.muted}>{t('shop.product.soldBy', { shop: product.vendorName })}</Text>
                  </View>
                </View>
                <View style={shopStyles.between}>
                  <Text style={[shopStyles.price, styles.bigPrice]}>{formatIdr(product.price.amount)}</Text>
                  <Text style={product.inStock ? shopStyles.stockIn : shopStyles.stockOut}>
                    {stockText(product, t)}
                  </Text>
                </View>
                <Text style={common.muted}>
                  {product.taxCategory === 'exempt' ? t('shop.product.taxExempt') : t('shop.product.taxStandard')}
                  {product.weightGrams
                    ? ` ${t('shop.product.weight', { weight: weightText(product.weightGrams, locale) })}`
                    : ''}
                </Text>

                {max > 0 ? (
                  <View style={[shopStyles.card, styles.block]}>
                    <View style={shopStyles.between}>
                      <Text style={styles.label}>{t('shop.product.quantity')}</Text>
                      <Stepper
                        value={state.quantity}
                        min={1}
                        max={max}
                        onChange={(quantity) => void bloc.add({ type: 'quantity-changed', quantity })}
                        valueLabel={t('shop.product.quantity')}
                        decreaseLabel={t('shop.product.decrease')}
                        increaseLabel={t('shop.product.increase')}
                        disabled={state.adding === 'adding'}
                      />
                    </View>
                    {signedIn ? (
                      <PrimaryButton
                        label={state.adding === 'adding' ? t('shop.product.adding') : t('shop.product.add')}
                        busy={state.adding === 'adding'}
                        onPress={() => void bloc.add({ type: 'add-requested' })}
                      />
                    ) : (
                      <PrimaryButton label={t('shop.product.signInToAdd')} onPress={onSignIn} />
                    )}
                    {state.adding === 'added' ? (
                      <Notice tone="success" alert>
                        <Text style={common.body}>{t('shop.product.added', { count: state.inCart })}</Text>
                        <SecondaryButton label={t('shop.product.viewCart')} onPress={onOpenCart} role="link" />
                      </Notice>
                    ) : null}
                    {state.addError ? <ErrorBox error={state.addError} /> : null}
                  </View>
                ) : null}

                <Text style={shopStyles.sectionTitle} accessibilityRole="header">
                  {t('shop.product.description')}
                </Text>
                <Text style={common.body} {...(english ? {} : langProps('id'))}>
                  {english ?? product.description}
                </Text>
              </>
            );
          })()
        : null}
    </ScrollView>
  );
}

const styles = StyleSheet.create({
  block: { gap: space.sm },
  top: { flexDirection: 'row', gap: space.md, alignItems: 'flex-start' },
  bigPrice: { fontSize: 22 },
  label: { fontSize: 16, fontWeight: '700' },
});
