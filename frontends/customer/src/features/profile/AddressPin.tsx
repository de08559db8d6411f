import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { StyleSheet, Text, View } from 'react-native';
import { parseCoordinate } from './address-draft';
import { formStyles, PrimaryButton, TextField } from '../../ui/form';
import { colors, common, space } from '../../theme';
import { MapView } from '../../ui/map/MapView';

/** Kemang, Jakarta Selatan: where the map opens before the address has a pin. */
const JAKARTA = { lat: -6.26, lon: 106.81 };

/**
 * The address's location pin, three ways: tap the map (web; the native map module is not installed
 * yet, so there it says so), the device's location (expo-location), or the coordinates typed.
 */
export function AddressPin({
  lat,
  lon,
  latErrors,
  lonErrors,
  pinErrors,
  locating,
  disabled,
  onPick,
  onLocate,
  onLatChange,
  onLonChange,
}: {
  lat: string;
  lon: string;
  latErrors: string[];
  lonErrors: string[];
  pinErrors: string[];
  locating: 'idle' | 'locating' | 'denied' | 'unavailable';
  disabled: boolean;
  onPick: (lat: number, lon: number) => void;
  onLocate: () => void;
  onLatChange: (value: string) => void;
  onLonChange: (value: string) => void;
}) {
  const { t } = useTranslation();
  const latitude = parseCoordinate(lat);
  const longitude = parseCoordinate(lon);
  // Only a point that exists goes to the map (MapLibre throws on a latitude past ±90, e.g. lat/lon swapped).
  const pinned = Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180;
  const pin = useMemo(() => (pinned ? { lat: latitude, lon: longitude } : null), [pinned, latitude, longitude]);
  const markers = useMemo(
    () =>
      pin ? [{ id: 'pin', lat: pin.lat, lon: pin.lon, label: t('profile.address.pinMarker'), selected: true }] : [],
    [pin, t],
  );

  return (
    <View style={formStyles.group}>
      <Text style={formStyles.sectionLabel} accessibilityRole="header">
        {t('profile.address.pin')}
      </Text>
      <Text style={common.muted}>{t('profile.address.pinHint')}</Text>
      <MapView
        center={pin ?? JAKARTA}
        zoom={pin ? 16 : 12}
        markers={markers}
        onPick={disabled ? undefined : onPick}
        labels={{
          region: t('profile.address.map'),
          attribution: t('profile.address.mapAttribution'),
          loading: t('profile.address.mapLoading'),
          unavailable: t('profile.address.mapUnavailable'),
          pickCenter: t('profile.address.mapPickCenter'),
        }}
        style={styles.map}
        testID="address-map"
      />
      <Text style={common.body} accessibilityLiveRegion="polite">
        {pin ? t('profile.address.pinSet', { lat: lat.trim(), lon: lon.trim() }) : t('profile.address.pinNone')}
      </Text>
      {pinErrors.map((message) => (
        <Text key={message} style={styles.error} accessibilityRole="alert">
          {message}
        </Text>
      ))}
      <PrimaryButton
        tone="secondary"
        label={t('profile.address.useLocation')}
        busyLabel={t('profile.address.locating')}
        busy={locating === 'locating'}
        onPress={onLocate}
      />
      {locating === 'denied' || locating === 'unavailable' ? (
        <Text style={styles.error} accessibilityRole="alert">
          {locating === 'denied' ? t('profile.address.locationDenied') : t('profile.address.locationUnavailable')}
        </Text>
      ) : null}
      <View style={styles.coordinates}>
        <View style={styles.coordinate}>
          <TextField
            label={t('profile.address.lat')}
            errors={latErrors}
            value={lat}
            onChangeText={onLatChange}
            inputMode="decimal"
            keyboardType="numbers-and-punctuation"
            placeholder="-6,2607"
            editable={!disabled}
          />
        </View>
        <View style={styles.coordinate}>
          <TextField
            label={t('profile.address.lon')}
            errors={lonErrors}
            value={lon}
            onChangeText={onLonChange}
            inputMode="decimal"
            keyboardType="numbers-and-punctuation"
            placeholder="106,8137"
            editable={!disabled}
          />
        </View>
      </View>
    </View>
  );
}

const styles = StyleSheet.create({
  map: { height: 240, borderRadius: 8, borderWidth: 1, borderColor: colors.border },
  coordinates: { flexDirection: 'row', flexWrap: 'wrap', gap: space.sm },
  coordinate: { flexGrow: 1, flexBasis: 140 },
  error: { color: colors.error, fontSize: 14 },
});
