import { StyleSheet, View } from 'react-native';
import { MapUnavailable } from './MapUnavailable';
import type { MapViewProps } from './types';

export type { MapLabels, MapMarker, MapViewProps } from './types';

/**
 * iOS and Android: no MapLibre native module is installed yet, so this is the list-only fallback —
 * a static box saying the map is not available (`labels.unavailable`); screens keep their list, and
 * `onPick` callers need another way to set a point. The web map is MapView.web.tsx (same props).
 * With @maplibre/maplibre-react-native added, this file becomes its MapView, with the same props.
 */
export function MapView({ labels, style, testID }: MapViewProps) {
  return (
    <View style={[styles.box, style]} testID={testID}>
      <MapUnavailable text={labels.unavailable} />
    </View>
  );
}

const styles = StyleSheet.create({
  box: { position: 'relative', overflow: 'hidden' },
});
