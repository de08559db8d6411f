import type { StyleProp, ViewStyle } from 'react-native';

/** A point on the map with its accessible name (the basemap has no glyphs: names live on the markers). */
export interface MapMarker {
  id: string;
  lat: number;
  lon: number;
  /** What a screen reader says for the marker (e.g. the clinic's name and distance). */
  label: string;
  /** Drawn larger and darker; the map pans to it when it is out of view. */
  selected?: boolean;
  /**
   * 'origin': where the search looks from (e.g. Kemang), drawn as a dark diamond, named but not a
   * button (onMarkerPress is not called for it). Default: a pressable place marker.
   */
  variant?: 'place' | 'origin';
}

/** The map's words, in the current language: the caller's (ui/ has no catalogue of its own). */
export interface MapLabels {
  /** The map region's accessible name, e.g. "Peta klinik di sekitar Kemang". */
  region: string;
  /** The map credits button's name (web), e.g. "Sumber peta". */
  attribution: string;
  /** Shown while MapLibre loads (web) — e.g. "Memuat peta…". */
  loading: string;
  /** Shown instead of the map where there is none: iOS/Android (no native map module yet), or no WebGL. */
  unavailable: string;
  /** With `onPick`: the button that picks the map's centre (keyboard and screen-reader users cannot tap a spot). */
  pickCenter?: string;
}

export interface MapViewProps {
  center: { lat: number; lon: number };
  zoom: number;
  markers: readonly MapMarker[];
  onMarkerPress?: (id: string) => void;
  /** Tap/click on the map (not on a marker): the point picked, e.g. to drop an address pin. */
  onPick?: (lat: number, lon: number) => void;
  labels: MapLabels;
  /**
   * Whether Tab stops at each marker (default true). A screen that lists the same places with their own
   * controls (Find care's "Di peta") passes false, so the keyboard is not led through dozens of markers
   * before the list; the markers stay named buttons for screen readers and pointers.
   */
  markersInTabOrder?: boolean;
  /** A MapLibre style URL; defaults to `MAP_STYLE_URL` (configuration, else the bundled basemap). */
  styleUrl?: string;
  /** The map's box (give it a height); the map fills it. */
  style?: StyleProp<ViewStyle>;
  testID?: string;
}
