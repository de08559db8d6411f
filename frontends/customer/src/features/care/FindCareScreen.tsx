import { formatIdr, type Locale } from '@petpro/api-client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ActivityIndicator,
  FlatList,
  Pressable,
  ScrollView,
  StyleSheet,
  Text,
  View,
  type LayoutChangeEvent,
} from 'react-native';
import { useBlocState } from '../../bloc/use-bloc';
import { currentLocale, formatDecimal } from '../../i18n/i18n';
import { colors, common, MIN_TOUCH, space } from '../../theme';
import { zoomForRadius } from '../../ui/map/config';
import { MapView, type MapMarker } from '../../ui/map/MapView';
import { fitPoints } from '../../ui/map/view';
import { ChoiceChips } from './ChoiceChips';
import { SERVICE_CATEGORIES, SPECIES, type FoundClinic } from './clinic-repository';
import {
  activeFilterCount,
  MIN_RATING_OPTIONS,
  RADIUS_OPTIONS,
  SORT_ORDERS,
  type CareFilters,
  type FindCareBloc,
} from './find-care-bloc';
import { CITIES, type SearchPlace } from './places';
import { ErrorWithRetry, LoadingRow, ScreenTitle } from '../../ui/screen';
import { PrimaryButton } from '../../ui/form';

const MAP_HEIGHT = 220;

/** The search place in words: a city's name, or "your location". */
export function usePlaceName(place: SearchPlace): string {
  const { t } = useTranslation();
  return place.kind === 'device' ? t('findCare.place.device') : t(`findCare.place.${place.cityId}`);
}

/**
 * Find care, map first: the clinics around a place on a map (markers) with the list under it; filters
 * as `GET /v1/clinics` takes them. A marker selects its card and a card's "On map" its marker; a card
 * opens the clinic's profile.
 */
export function FindCareScreen({
  bloc,
  onOpenClinic,
}: {
  bloc: FindCareBloc;
  onOpenClinic: (vendorId: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const locale = currentLocale(i18n);
  const state = useBlocState(bloc);
  const placeName = usePlaceName(state.place);
  const [mapWidth, setMapWidth] = useState(360);
  const [choosingPlace, setChoosingPlace] = useState(false);
  const [filtersOpen, setFiltersOpen] = useState(false);
  const list = useRef<FlatList<FoundClinic>>(null);

  useEffect(() => {
    if (bloc.state.status === 'idle') void bloc.add({ type: 'load-requested' });
  }, [bloc]);

  const clinics = state.clinics;
  const selected = clinics.find((clinic) => clinic.vendorId === state.selectedId) ?? null;

  const markers: MapMarker[] = useMemo(
    () => [
      {
        id: 'search-origin',
        lat: state.place.lat,
        lon: state.place.lon,
        label: t('findCare.originLabel', { place: placeName }),
        variant: 'origin' as const,
      },
      ...clinics.map((clinic) => ({
        id: clinic.vendorId,
        lat: clinic.lat,
        lon: clinic.lon,
        label:
          clinic.distanceKm === null
            ? clinic.name
            : t('findCare.markerLabel', {
                name: clinic.name,
                distance: t('findCare.distance', { distance: formatDecimal(clinic.distanceKm, locale) }),
              }),
        selected: clinic.vendorId === state.selectedId,
      })),
    ],
    [clinics, state.selectedId, state.place, placeName, t, locale],
  );

  // The map shows every clinic found and the place searched from; with none, the radius around it.
  const view = useMemo(
    () =>
      (clinics.length > 0 ? fitPoints([state.place, ...clinics], mapWidth, MAP_HEIGHT) : null) ?? {
        center: { lat: state.place.lat, lon: state.place.lon },
        zoom: zoomForRadius(state.filters.radiusKm, state.place.lat, mapWidth),
      },
    [clinics, state.place, state.filters.radiusKm, mapWidth],
  );

  // A marker chosen on the map: its card is highlighted and scrolled to.
  const onMarkerPress = useCallback(
    (vendorId: string) => {
      void bloc.add({ type: 'clinic-selected', vendorId });
      const index = bloc.state.clinics.findIndex((clinic) => clinic.vendorId === vendorId);
      if (index >= 0) list.current?.scrollToIndex({ index, animated: true, viewPosition: 0 });
    },
    [bloc],
  );

  const filters = state.filters;
  const setFilters = (changed: Partial<CareFilters>) => void bloc.add({ type: 'filters-changed', filters: changed });
  const filterCount = activeFilterCount(filters);
  const loading = state.status === 'loading' || state.status === 'idle';

  return (
    <View style={common.screen}>
      <View style={styles.column}>
        <View style={styles.top}>
          <ScreenTitle>{t('findCare.title')}</ScreenTitle>
          <Text style={common.muted}>{t('findCare.near', { place: placeName })}</Text>
          <View style={styles.row}>
            <Pressable
              accessibilityRole="button"
              accessibilityLabel={t('findCare.myLocationLabel')}
              disabled={state.locating}
              onPress={() => void bloc.add({ type: 'my-location-requested' })}
              style={[styles.outlineButton, state.locating && styles.disabled]}
            >
              <Text style={styles.outlineText}>{t('findCare.myLocation')}</Text>
            </Pressable>
            <Pressable
              accessibilityRole="button"
              accessibilityLabel={t('findCare.changePlace')}
              aria-expanded={choosingPlace}
              onPress={() => setChoosingPlace((open) => !open)}
              style={styles.outlineButton}
            >
              <Text style={styles.outlineText}>{t('findCare.changePlace')}</Text>
            </Pressable>
          </View>
          {choosingPlace ? (
            <ChoiceChips
              label={t('findCare.places')}
              choices={CITIES.map((city) => ({ value: city.id, text: t(`findCare.place.${city.id}`) }))}
              value={state.place.kind === 'city' ? state.place.cityId : null}
              onChange={(cityId) => {
                if (cityId === null) return;
                setChoosingPlace(false);
                void bloc.add({ type: 'city-chosen', cityId });
              }}
            />
          ) : null}
          {state.locating ? (
            <Text style={common.muted} accessibilityLiveRegion="polite">
              {t('findCare.locating')}
            </Text>
          ) : null}
          {state.locationProblem ? (
            <Text style={styles.notice} accessibilityRole="alert">
              {t(state.locationProblem === 'refused' ? 'findCare.locationRefused' : 'findCare.locationUnavailable', {
                place: placeName,
              })}
            </Text>
          ) : null}
        </View>

        {filtersOpen ? (
          <FiltersView
            filters={filters}
            locale={locale}
            status={t('findCare.count', { count: clinics.length })}
            loading={loading}
            onChange={setFilters}
            onReset={() => void bloc.add({ type: 'filters-reset' })}
            onDone={() => setFiltersOpen(false)}
          />
        ) : (
          <>
            <View onLayout={(event: LayoutChangeEvent) => setMapWidth(event.nativeEvent.layout.width)}>
              <MapView
                style={styles.map}
                testID="care-map"
                center={view.center}
                zoom={view.zoom}
                markers={markers}
                onMarkerPress={onMarkerPress}
                markersInTabOrder={false}
                labels={{
                  region: t('findCare.mapRegion', { place: placeName }),
                  loading: t('findCare.mapLoading'),
                  unavailable: t('findCare.mapUnavailable'),
                  attribution: t('findCare.mapAttribution'),
                }}
              />
            </View>
            {selected ? (
              <View style={styles.selectedBar} accessibilityLiveRegion="polite">
                <Text style={styles.selectedName} numberOfLines={2}>
                  {t('findCare.selectedSummary', { name: selected.name })}
                </Text>
                <Pressable
                  accessibilityRole="button"
                  accessibilityLabel={t('findCare.openSelectedLabel', { name: selected.name })}
                  onPress={() => onOpenClinic(selected.vendorId)}
                  style={styles.smallButton}
                >
                  <Text style={common.buttonText}>{t('findCare.openSelected')}</Text>
                </Pressable>
              </View>
            ) : null}
            <FlatList
              ref={list}
              style={styles.list}
              data={clinics}
              keyExtractor={(clinic) => clinic.vendorId}
              contentContainerStyle={styles.listContent}
              onScrollToIndexFailed={(info) => {
                // Cards not laid out yet: go near, then try again once they are.
                list.current?.scrollToOffset({ offset: info.averageItemLength * info.index, animated: false });
                setTimeout(() => list.current?.scrollToIndex({ index: info.index, animated: true }), 100);
              }}
              ListHeaderComponent={
                <View style={styles.header}>
                  <View style={styles.row}>
                    <Pressable
                      accessibilityRole="button"
                      accessibilityLabel={
                        filterCount > 0 ? t('findCare.filtersLabel', { count: filterCount }) : t('findCare.filters')
                      }
                      aria-expanded={false}
                      onPress={() => setFiltersOpen(true)}
                      style={[styles.outlineButton, filterCount > 0 && styles.activeButton]}
                    >
                      <Text style={[styles.outlineText, filterCount > 0 && styles.activeText]}>
                        {filterCount > 0 ? t('findCare.filtersActive', { count: filterCount }) : t('findCare.filters')}
                      </Text>
                    </Pressable>
                    <Pressable
                      accessibilityRole="checkbox"
                      aria-checked={filters.openNow}
                      accessibilityLabel={t('findCare.openNowFilter')}
                      onPress={() => setFilters({ openNow: !filters.openNow })}
                      style={[styles.outlineButton, filters.openNow && styles.activeButton]}
                    >
                      <Text style={[styles.outlineText, filters.openNow && styles.activeText]}>
                        {filters.openNow ? '✓ ' : ''}
                        {t('findCare.openNowFilter')}
                      </Text>
                    </Pressable>
                  </View>
                  {state.status === 'loaded' ? (
                    <Text style={common.muted} accessibilityLiveRegion="polite">
                      {t('findCare.count', { count: clinics.length })}
                    </Text>
                  ) : null}
                  {loading ? <LoadingRow label={t('findCare.loading')} /> : null}
                  {state.error ? (
                    <ErrorWithRetry
                      error={state.error}
                      retry={
                        <PrimaryButton
                          label={t('findCare.retry')}
                          onPress={() => void bloc.add({ type: 'retry-requested' })}
                        />
                      }
                    />
                  ) : null}
                </View>
              }
              ListEmptyComponent={
                state.status === 'loaded' ? (
                  <Text style={common.body}>{t(filterCount > 0 ? 'findCare.emptyFiltered' : 'findCare.empty')}</Text>
                ) : null
              }
              renderItem={({ item }) => (
                <ClinicCard
                  clinic={item}
                  locale={locale}
                  selected={item.vendorId === state.selectedId}
                  onOpen={() => onOpenClinic(item.vendorId)}
                  onShowOnMap={() => void bloc.add({ type: 'clinic-selected', vendorId: item.vendorId })}
                />
              )}
              ListFooterComponent={
                state.status === 'loaded' ? (
                  state.nextCursor ? (
                    <Pressable
                      accessibilityRole="button"
                      accessibilityLabel={t('findCare.loadMore')}
                      disabled={state.loadingMore}
                      onPress={() => void bloc.add({ type: 'more-requested' })}
                      style={[common.linkButton, styles.center]}
                    >
                      <Text style={common.linkText}>{t('findCare.loadMore')}</Text>
                    </Pressable>
                  ) : (
                    <Pressable
                      accessibilityRole="button"
                      accessibilityLabel={t('findCare.reload')}
                      onPress={() => void bloc.add({ type: 'load-requested' })}
                      style={[common.linkButton, styles.center]}
                    >
                      <Text style={common.linkText}>{t('findCare.reload')}</Text>
                    </Pressable>
                  )
                ) : null
              }
            />
          </>
        )}
      </View>
    </View>
  );
}

/** The filters in place of the map and list (room for them on a phone); each change searches at once. */
function FiltersView({
  filters,
  locale,
  status,
  loading,
  onChange,
  onReset,
  onDone,
}: {
  filters: CareFilters;
  locale: Locale;
  /** How many clinics the filters find, e.g. "12 klinik". */
  status: string;
  loading: boolean;
  onChange: (changed: Partial<CareFilters>) => void;
  onReset: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const rating = (value: number) => formatDecimal(value, locale, value % 1 === 0 ? 0 : 1);
  return (
    <>
      <ScrollView style={styles.list} contentContainerStyle={styles.panel}>
        <Text style={styles.panelTitle} accessibilityRole="header">
          {t('findCare.filters')}
        </Text>
        <Pressable
          accessibilityRole="checkbox"
          aria-checked={filters.openNow}
          accessibilityLabel={t('findCare.openNowFilter')}
          onPress={() => onChange({ openNow: !filters.openNow })}
          style={[styles.outlineButton, styles.start, filters.openNow && styles.activeButton]}
        >
          <Text style={[styles.outlineText, filters.openNow && styles.activeText]}>
            {filters.openNow ? '✓ ' : ''}
            {t('findCare.openNowFilter')}
          </Text>
        </Pressable>
        <ChoiceChips
          label={t('findCare.sort')}
          choices={SORT_ORDERS.map((sort) => ({ value: sort, text: t(`findCare.sort.${sort}`) }))}
          value={filters.sort}
          onChange={(sort) => onChange({ sort })}
        />
        <ChoiceChips
          label={t('findCare.radius')}
          choices={RADIUS_OPTIONS.map((km) => ({
            value: km,
            text: t('findCare.radiusOption', { km }),
            label: t('findCare.radiusOptionLabel', { km }),
          }))}
          value={filters.radiusKm}
          onChange={(radiusKm) => onChange({ radiusKm })}
        />
        <ChoiceChips
          label={t('findCare.service')}
          choices={[
            { value: null, text: t('findCare.anyService') },
            ...SERVICE_CATEGORIES.map((category) => ({ value: category, text: t(`care.service.${category}`) })),
          ]}
          value={filters.service}
          onChange={(service) => onChange({ service })}
        />
        <ChoiceChips
          label={t('findCare.species')}
          choices={[
            { value: null, text: t('findCare.anySpecies') },
            ...SPECIES.map((species) => ({ value: species, text: t(`care.species.${species}`) })),
          ]}
          value={filters.species}
          onChange={(species) => onChange({ species })}
        />
        <ChoiceChips
          label={t('findCare.minRating')}
          choices={[
            { value: null, text: t('findCare.anyRating') },
            ...MIN_RATING_OPTIONS.map((value) => ({
              value,
              text: t('findCare.ratingOption', { rating: rating(value) }),
              label: t('findCare.ratingOptionLabel', { rating: rating(value) }),
            })),
          ]}
          value={filters.minRating}
          onChange={(minRating) => onChange({ minRating })}
        />
      </ScrollView>
      <View style={styles.panelFooter}>
        <View style={styles.footerStatus} accessibilityLiveRegion="polite">
          {loading ? <ActivityIndicator color={colors.primary} accessibilityLabel={t('findCare.loading')} /> : null}
          <Text style={common.muted}>{loading ? t('findCare.loading') : status}</Text>
        </View>
        {activeFilterCount(filters) > 0 ? (
          <Pressable
            accessibilityRole="button"
            accessibilityLabel={t('findCare.reset')}
            onPress={onReset}
            style={common.linkButton}
          >
            <Text style={common.linkText}>{t('findCare.reset')}</Text>
          </Pressable>
        ) : null}
        <Pressable
          accessibilityRole="button"
          accessibilityLabel={t('findCare.filtersDone')}
          onPress={onDone}
          style={common.button}
        >
          <Text style={common.buttonText}>{t('findCare.filtersDone')}</Text>
        </Pressable>
      </View>
    </>
  );
}

export function ClinicCard({
  clinic,
  locale,
  selected,
  onOpen,
  onShowOnMap,
}: {
  clinic: FoundClinic;
  locale: Locale;
  selected: boolean;
  onOpen: () => void;
  onShowOnMap: () => void;
}) {
  const { t } = useTranslation();
  const distance =
    clinic.distanceKm === null ? '' : t('findCare.distance', { distance: formatDecimal(clinic.distanceKm, locale) });
  const price =
    clinic.startingPrice === null
      ? t('findCare.noPrice')
      : t('findCare.from', { price: formatIdr(clinic.startingPrice) });
  const open = clinic.openNow ? t('findCare.open') : t('findCare.closed');
  return (
    <View style={[styles.card, selected && styles.cardSelected]} testID={`clinic-card-${clinic.vendorId}`}>
      {/* Named by what it shows (visible text and name agree); the star is drawn, not read. */}
      <Pressable accessibilityRole="link" onPress={onOpen} style={styles.cardMain}>
        <View style={styles.cardRow}>
          <Text style={styles.name}>{clinic.name}</Text>
          {distance ? <Text style={styles.distance}>{distance}</Text> : null}
        </View>
        <Text style={common.muted}>
          {t(`findCare.kind.${clinic.kind}`)} · {clinic.address}
        </Text>
        <View style={styles.cardRow}>
          <Rating rating={clinic.rating} reviewCount={clinic.reviewCount} locale={locale} />
          <Text style={styles.price}>{price}</Text>
        </View>
      </Pressable>
      <View style={styles.cardFooter}>
        <Text style={[styles.open, !clinic.openNow && styles.closed]}>{open}</Text>
        {selected ? <Text style={styles.selectedTag}>{t('findCare.selected')}</Text> : null}
        <Pressable
          accessibilityRole="button"
          accessibilityLabel={t('findCare.showOnMapLabel', { name: clinic.name })}
          aria-pressed={selected}
          onPress={onShowOnMap}
          style={[styles.mapButton, selected && styles.activeButton]}
        >
          <Text style={[styles.outlineText, selected && styles.activeText]}>{t('findCare.showOnMap')}</Text>
        </Pressable>
      </View>
    </View>
  );
}

/** `★ 4,8 (120 ulasan)`, the star hidden from screen readers; or "no reviews yet". */
export function Rating({
  rating,
  reviewCount,
  locale,
}: {
  rating: number | null;
  reviewCount: number;
  locale: Locale;
}) {
  const { t } = useTranslation();
  if (rating === null) return <Text style={common.body}>{t('findCare.noRating')}</Text>;
  return (
    <Text style={common.body}>
      <Text aria-hidden>★ </Text>
      {t('findCare.ratingValue', { rating: formatDecimal(rating, locale), count: reviewCount })}
    </Text>
  );
}

const styles = StyleSheet.create({
  column: { flex: 1, width: '100%', maxWidth: 560, alignSelf: 'center' },
  top: { paddingHorizontal: space.lg, paddingTop: space.md, paddingBottom: space.sm, gap: space.xs },
  row: { flexDirection: 'row', flexWrap: 'wrap', gap: space.sm, alignItems: 'center' },
  outlineButton: {
    minHeight: MIN_TOUCH,
    paddingHorizontal: space.md,
    borderRadius: 8,
    borderWidth: 1,
    borderColor: colors.primary,
    justifyContent: 'center',
    backgroundColor: colors.background,
  },
  outlineText: { color: colors.primary, fontSize: 15, fontWeight: '600' },
  activeButton: { backgroundColor: colors.primary },
  activeText: { color: colors.primaryText },
  disabled: { opacity: 0.6 },
  notice: { backgroundColor: '#FFF4CE', color: colors.text, padding: space.sm, borderRadius: 6, fontSize: 14 },
  map: { height: MAP_HEIGHT, width: '100%' },
  selectedBar: {
    flexDirection: 'row',
    alignItems: 'center',
    gap: space.sm,
    paddingHorizontal: space.lg,
    paddingVertical: space.xs,
    backgroundColor: colors.surface,
    borderBottomWidth: 1,
    borderColor: colors.border,
  },
  selectedName: { flex: 1, fontSize: 15, fontWeight: '600', color: colors.text },
  smallButton: { ...StyleSheet.flatten(common.button), paddingHorizontal: space.md },
  list: { flex: 1 },
  listContent: { padding: space.lg, gap: space.sm },
  header: { gap: space.sm, marginBottom: space.xs },
  panel: { gap: space.lg, padding: space.lg },
  panelTitle: { fontSize: 19, fontWeight: '700', color: colors.text },
  panelFooter: {
    flexDirection: 'row',
    flexWrap: 'wrap',
    alignItems: 'center',
    justifyContent: 'flex-end',
    gap: space.sm,
    paddingHorizontal: space.lg,
    paddingVertical: space.sm,
    borderTopWidth: 1,
    borderColor: colors.border,
    backgroundColor: colors.background,
  },
  footerStatus: { flexDirection: 'row', alignItems: 'center', gap: space.xs, marginRight: 'auto' },
  card: {
    borderWidth: 1,
    borderColor: colors.border,
    borderRadius: 12,
    backgroundColor: colors.surface,
    overflow: 'hidden',
  },
  cardSelected: { borderColor: '#B3261E', borderWidth: 2 },
  cardMain: { padding: space.md, paddingBottom: space.xs, gap: space.xs },
  cardRow: {
    flexDirection: 'row',
    justifyContent: 'space-between',
    alignItems: 'baseline',
    gap: space.sm,
    flexWrap: 'wrap',
  },
  cardFooter: {
    flexDirection: 'row',
    alignItems: 'center',
    gap: space.sm,
    paddingHorizontal: space.md,
    paddingBottom: space.sm,
    flexWrap: 'wrap',
  },
  name: { fontSize: 17, fontWeight: '700', color: colors.text, flexShrink: 1 },
  distance: { fontSize: 14, color: colors.muted },
  price: { fontSize: 16, fontWeight: '700', color: colors.primary },
  open: { fontSize: 14, color: colors.primary, fontWeight: '600' },
  closed: { color: colors.muted },
  selectedTag: { fontSize: 14, color: '#B3261E', fontWeight: '700' },
  mapButton: {
    marginLeft: 'auto',
    minHeight: MIN_TOUCH,
    minWidth: MIN_TOUCH,
    paddingHorizontal: space.md,
    borderRadius: 8,
    borderWidth: 1,
    borderColor: colors.primary,
    justifyContent: 'center',
    backgroundColor: colors.background,
  },
  center: { alignSelf: 'center' },
  start: { alignSelf: 'flex-start' },
});
