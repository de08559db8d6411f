import { formatIdr } from '@petpro/api-client';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FlatList, Pressable, StyleSheet, Text, TextInput, View } from 'react-native';
import { useBlocState } from '../../bloc/use-bloc';
import { currentLocale } from '../../i18n/i18n';
import { colors, common, space } from '../../theme';
import { ErrorBox } from '../../ui/ErrorBox';
import type { Product } from './catalog-repository';
import type { SearchBloc, SearchState } from './search-bloc';
import { stockText } from './shop-format';
import { Chip, ProductThumb, SecondaryButton, shopStyles, LoadFailed } from './ShopUi';
import { LoadingRow, ScreenTitle } from '../../ui/screen';
import { inputBox } from '../../ui/form';

export function SearchScreen({
  bloc,
  onOpenProduct,
  onOpenCart,
  onOpenOrders,
}: {
  bloc: SearchBloc;
  onOpenProduct: (productId: string) => void;
  onOpenCart: () => void;
  onOpenOrders: () => void;
}) {
  const { t } = useTranslation();
  const state = useBlocState(bloc);

  useEffect(() => {
    if (bloc.state.status === 'idle') void bloc.add({ type: 'started' });
  }, [bloc]);

  return (
    <View style={common.screen}>
      <FlatList
        data={state.items as Product[]}
        keyExtractor={(item) => item.productId}
        contentContainerStyle={common.content}
        keyboardShouldPersistTaps="handled"
        ListHeaderComponent={
          <SearchHeader state={state} bloc={bloc} onOpenCart={onOpenCart} onOpenOrders={onOpenOrders} />
        }
        renderItem={({ item }) => <ProductCard product={item} onPress={() => onOpenProduct(item.productId)} />}
        ListEmptyComponent={
          state.status === 'loaded' ? <Text style={common.body}>{t('shop.search.empty')}</Text> : null
        }
        ListFooterComponent={
          <View style={styles.footer}>
            {state.moreError ? <ErrorBox error={state.moreError} /> : null}
            {state.loadingMore ? <LoadingRow label={t('shop.search.loadingMore')} /> : null}
            {state.status === 'loaded' && state.nextCursor && !state.loadingMore ? (
              <SecondaryButton
                label={t('shop.search.more')}
                onPress={() => void bloc.add({ type: 'more-requested' })}
              />
            ) : null}
          </View>
        }
      />
    </View>
  );
}

function SearchHeader({
  state,
  bloc,
  onOpenCart,
  onOpenOrders,
}: {
  state: SearchState;
  bloc: SearchBloc;
  onOpenCart: () => void;
  onOpenOrders: () => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const [filtersShown, setFiltersShown] = useState(false);
  const applied = state.applied;
  const chosen = state.categories.find((node) => node.category === applied.category);
  const filterCount =
    (applied.category ? 1 : 0) +
    (applied.minPrice !== undefined || applied.maxPrice !== undefined ? 1 : 0) +
    (applied.inStockOnly ? 1 : 0);
  const submit = () => void bloc.add({ type: 'submitted' });
  const countOf = (category: string) => state.categoryCounts[category];

  return (
    <View style={styles.header}>
      <ScreenTitle>{t('shop.search.title')}</ScreenTitle>
      <View style={styles.links}>
        <SecondaryButton label={t('shop.cartLink')} onPress={onOpenCart} role="link" />
        <SecondaryButton label={t('shop.ordersLink')} onPress={onOpenOrders} role="link" />
      </View>

      <View style={styles.searchRow} accessibilityRole="search">
        <TextInput
          accessibilityLabel={t('shop.search.query')}
          value={state.text}
          onChangeText={(value) => void bloc.add({ type: 'text-changed', value })}
          placeholder={t('shop.search.placeholder')}
          placeholderTextColor={colors.muted}
          returnKeyType="search"
          inputMode="search"
          autoCorrect={false}
          onSubmitEditing={submit}
          style={[styles.input, styles.grow]}
        />
        <Pressable
          accessibilityRole="button"
          accessibilityLabel={t('shop.search.submit')}
          onPress={submit}
          style={common.button}
        >
          <Text style={common.buttonText}>{t('shop.search.submit')}</Text>
        </Pressable>
      </View>

      <Pressable
        accessibilityRole="button"
        aria-expanded={filtersShown}
        accessibilityState={{ expanded: filtersShown }}
        onPress={() => setFiltersShown((shown) => !shown)}
        style={[common.linkButton, styles.start]}
      >
        <Text style={common.linkText}>
          {filtersShown ? t('shop.search.hideFilters') : t('shop.search.showFilters')}
          {filterCount > 0 ? ` (${filterCount})` : ''}
        </Text>
      </Pressable>

      {filtersShown ? (
        <View style={[shopStyles.card, styles.filters]}>
          <Text style={styles.label} nativeID="shop-category-label">
            {t('shop.search.category')}
          </Text>
          <View style={styles.chips} accessibilityRole="radiogroup" aria-labelledby="shop-category-label">
            <Chip
              label={t('shop.search.allCategories')}
              selected={!applied.category}
              onPress={() => void bloc.add({ type: 'category-chosen', category: undefined })}
            />
            {state.categories.map((node) => {
              const count = countOf(node.category);
              const label = node.label[locale];
              return (
                <Chip
                  key={node.category}
                  label={count === undefined ? label : t('shop.search.withCount', { label, count })}
                  selected={applied.category === node.category}
                  onPress={() => void bloc.add({ type: 'category-chosen', category: node.category })}
                />
              );
            })}
          </View>

          {chosen && chosen.subcategories.length > 0 ? (
            <>
              <Text style={styles.label} nativeID="shop-subcategory-label">
                {t('shop.search.subcategory')}
              </Text>
              <View style={styles.chips} accessibilityRole="radiogroup" aria-labelledby="shop-subcategory-label">
                <Chip
                  label={t('shop.search.allSubcategories')}
                  selected={!applied.subcategory}
                  onPress={() => void bloc.add({ type: 'subcategory-chosen', subcategory: undefined })}
                />
                {chosen.subcategories.map((sub) => (
                  <Chip
                    key={sub.subcategory}
                    label={sub.label[locale]}
                    selected={applied.subcategory === sub.subcategory}
                    onPress={() => void bloc.add({ type: 'subcategory-chosen', subcategory: sub.subcategory })}
                  />
                ))}
              </View>
            </>
          ) : null}

          <Text style={styles.label}>{t('shop.search.price')}</Text>
          <View style={styles.priceRow}>
            <TextInput
              accessibilityLabel={t('shop.search.minPrice')}
              aria-invalid={state.priceError !== null}
              value={state.minPriceText}
              onChangeText={(value) => void bloc.add({ type: 'min-price-changed', value })}
              placeholder={t('shop.search.minShort')}
              placeholderTextColor={colors.muted}
              inputMode="numeric"
              onSubmitEditing={submit}
              style={[styles.input, styles.grow]}
            />
            <Text style={common.body}>–</Text>
            <TextInput
              accessibilityLabel={t('shop.search.maxPrice')}
              aria-invalid={state.priceError !== null}
              value={state.maxPriceText}
              onChangeText={(value) => void bloc.add({ type: 'max-price-changed', value })}
              placeholder={t('shop.search.maxShort')}
              placeholderTextColor={colors.muted}
              inputMode="numeric"
              onSubmitEditing={submit}
              style={[styles.input, styles.grow]}
            />
          </View>
          {state.priceError ? (
            <Text style={styles.fieldError} accessibilityRole="alert">
              {t(`shop.search.${state.priceError}`)}
            </Text>
          ) : null}
          <SecondaryButton label={t('shop.search.applyPrice')} onPress={submit} />

          <View style={styles.chips}>
            <Chip
              role="checkbox"
              label={t('shop.search.inStockOnly')}
              selected={Boolean(applied.inStockOnly)}
              onPress={() => void bloc.add({ type: 'in-stock-toggled' })}
            />
          </View>
          <Pressable
            accessibilityRole="button"
            onPress={() => void bloc.add({ type: 'filters-cleared' })}
            style={[common.linkButton, styles.start]}
          >
            <Text style={common.linkText}>{t('shop.search.clear')}</Text>
          </Pressable>
        </View>
      ) : null}

      {state.status === 'loading' || state.status === 'idle' ? <LoadingRow label={t('shop.search.loading')} /> : null}
      {state.status === 'error' && state.error ? (
        <LoadFailed error={state.error} onRetry={() => void bloc.add({ type: 'retry-requested' })} />
      ) : null}
      {state.status === 'loaded' && state.items.length > 0 ? (
        <Text style={common.muted} accessibilityLiveRegion="polite">
          {t('shop.search.shown', { count: state.items.length })}
        </Text>
      ) : null}
    </View>
  );
}

function ProductCard({ product, onPress }: { product: Product; onPress: () => void }) {
  const { t } = useTranslation();
  const price = formatIdr(product.price.amount);
  const stock = stockText(product, t);
  return (
    <Pressable accessibilityRole="link" onPress={onPress} style={[shopStyles.card, styles.card]}>
      <ProductThumb name={product.name} imageUrl={product.imageUrl} />
      <View style={shopStyles.grow}>
        <Text style={shopStyles.name}>{product.name}</Text>
        <Text style={common.muted}>{product.vendorName}</Text>
        <View style={shopStyles.between}>
          <Text style={shopStyles.price}>{price}</Text>
          <Text style={product.inStock ? shopStyles.stockIn : shopStyles.stockOut}>{stock}</Text>
        </View>
      </View>
    </Pressable>
  );
}

const styles = StyleSheet.create({
  header: { gap: space.sm, marginBottom: space.sm },
  links: { flexDirection: 'row', flexWrap: 'wrap', gap: space.sm },
  searchRow: { flexDirection: 'row', gap: space.sm, alignItems: 'center' },
  input: inputBox,
  grow: { flex: 1, minWidth: 0 },
  start: { alignSelf: 'flex-start', paddingHorizontal: 0 },
  filters: { gap: space.sm },
  label: { fontSize: 14, fontWeight: '700', color: colors.text },
  chips: { flexDirection: 'row', flexWrap: 'wrap', gap: space.sm },
  priceRow: { flexDirection: 'row', alignItems: 'center', gap: space.sm },
  fieldError: { color: colors.error, fontSize: 14 },
  card: { flexDirection: 'row', alignItems: 'flex-start', marginBottom: space.sm },
  footer: { gap: space.sm, marginTop: space.sm },
});
