import { useEffect, useRef, useState } from 'react';
import { ActivityIndicator, Pressable, StyleSheet, Text, View } from 'react-native';
import { colors, MIN_TOUCH, space } from '../../theme';
import { MAP_STYLE_URL } from './config';
import type { MapEngine } from './maplibre.web';
import { MapUnavailable } from './MapUnavailable';
import type { MapViewProps } from './types';

export type { MapLabels, MapMarker, MapViewProps } from './types';

type Status = 'loading' | 'ready' | 'unavailable';

/**
 * The web map: MapLibre GL, loaded with import() when a map is first shown, so it stays out of the
 * app's initial JavaScript. Markers are named buttons; without WebGL it falls back to the same box as
 * iOS/Android (MapView.tsx). Props may change at any time (the map follows without being rebuilt),
 * except `styleUrl`, which rebuilds it.
 */
export function MapView({
  center,
  zoom,
  markers,
  onMarkerPress,
  onPick,
  labels,
  markersInTabOrder = true,
  styleUrl = MAP_STYLE_URL,
  style,
  testID,
}: MapViewProps) {
  const host = useRef<View>(null);
  const engine = useRef<MapEngine | null>(null);
  const [status, setStatus] = useState<Status>('loading');
  // The map outlives renders: it calls the latest callbacks, and starts where the props say then.
  const latest = useRef({ onMarkerPress, onPick, center, zoom, labels });
  latest.current = { onMarkerPress, onPick, center, zoom, labels };

  useEffect(() => {
    let cancelled = false;
    setStatus('loading');
    import('./maplibre.web')
      .then(({ createMapEngine, canDrawMaps }) => {
        if (cancelled) return;
        if (!canDrawMaps() || !host.current) {
          setStatus('unavailable');
          return;
        }
        const now = latest.current;
        engine.current = createMapEngine(host.current as unknown as HTMLElement, {
          styleUrl,
          center: now.center,
          zoom: now.zoom,
          regionLabel: now.labels.region,
          attributionLabel: now.labels.attribution,
          onMarkerPress: (id) => latest.current.onMarkerPress?.(id),
          markersInTabOrder,
          onPick: (lat, lon) => latest.current.onPick?.(lat, lon),
        });
        setStatus('ready');
      })
      .catch((error: unknown) => {
        console.warn('map unavailable:', error);
        if (!cancelled) setStatus('unavailable');
      });
    return () => {
      cancelled = true;
      engine.current?.destroy();
      engine.current = null;
    };
  }, [styleUrl, markersInTabOrder]);

  useEffect(() => {
    if (status === 'ready') engine.current?.setView(center, zoom);
  }, [status, center.lat, center.lon, zoom]);

  useEffect(() => {
    if (status === 'ready') engine.current?.setMarkers(markers);
  }, [status, markers]);

  useEffect(() => {
    if (status === 'ready') engine.current?.setLabels(labels.region, labels.attribution);
  }, [status, labels.region, labels.attribution]);

  return (
    <View style={[styles.box, style]} testID={testID}>
      <View ref={host} style={StyleSheet.absoluteFill} />
      {status === 'loading' ? (
        <View style={styles.loading} accessibilityLiveRegion="polite">
          <ActivityIndicator color={colors.primary} />
          <Text style={styles.loadingText}>{labels.loading}</Text>
        </View>
      ) : null}
      {status === 'unavailable' ? <MapUnavailable text={labels.unavailable} /> : null}
      {status === 'ready' && onPick && labels.pickCenter ? (
        <>
          <View pointerEvents="none" style={styles.crosshair} aria-hidden />
          <Pressable
            accessibilityRole="button"
            accessibilityLabel={labels.pickCenter}
            onPress={() => {
              const point = engine.current?.center();
              if (point) onPick(point.lat, point.lon);
            }}
            style={styles.pick}
          >
            <Text style={styles.pickText}>{labels.pickCenter}</Text>
          </Pressable>
        </>
      ) : null}
    </View>
  );
}

const styles = StyleSheet.create({
  box: { position: 'relative', overflow: 'hidden', backgroundColor: '#A9D3E6' },
  loading: {
    position: 'absolute',
    top: 0,
    left: 0,
    right: 0,
    bottom: 0,
    alignItems: 'center',
    justifyContent: 'center',
    gap: space.sm,
    backgroundColor: colors.surface,
  },
  loadingText: { fontSize: 14, color: colors.muted },
  crosshair: {
    position: 'absolute',
    top: '50%',
    left: '50%',
    width: 16,
    height: 16,
    marginLeft: -8,
    marginTop: -8,
    borderRadius: 8,
    borderWidth: 2,
    borderColor: colors.text,
  },
  pick: {
    position: 'absolute',
    left: space.sm,
    bottom: space.sm,
    minHeight: MIN_TOUCH,
    paddingHorizontal: space.md,
    justifyContent: 'center',
    borderRadius: 8,
    backgroundColor: colors.primary,
  },
  pickText: { color: colors.primaryText, fontSize: 14, fontWeight: '600' },
});
