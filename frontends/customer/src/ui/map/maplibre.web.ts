// Web only: MapView.web.tsx loads this with import() (its own chunk); MapLibre draws into the DOM.
import { Map as MapLibreMap, Marker, setWorkerUrl, type MapMouseEvent } from 'maplibre-gl';
import { MAPLIBRE_CSS_URL, MAPLIBRE_WORKER_URL } from './config';
import type { MapMarker } from './types';

export interface MapEngineOptions {
  styleUrl: string;
  center: { lat: number; lon: number };
  zoom: number;
  /** The canvas's accessible name and the attribution button's, in the current language. */
  regionLabel: string;
  attributionLabel: string;
  onMarkerPress: (id: string) => void;
  markersInTabOrder: boolean;
  /** A click on the map itself (not on a marker); it decides whether picking is on. */
  onPick: (lat: number, lon: number) => void;
}

export interface MapEngine {
  setView(center: { lat: number; lon: number }, zoom: number): void;
  setMarkers(markers: readonly MapMarker[]): void;
  /** The language changed: the canvas's and the credits button's names follow (MapLibre reads its locale once). */
  setLabels(regionLabel: string, attributionLabel: string): void;
  center(): { lat: number; lon: number };
  destroy(): void;
}

const MARKER_CLASS = 'petpro-marker';
const ORIGIN_CLASS = 'petpro-origin';

// The markers' look (the buttons are 44 px targets; the dot inside is what is drawn), added once.
const MARKER_CSS = `
.${MARKER_CLASS}{width:44px;height:44px;padding:0;margin:0;border:0;background:transparent;cursor:pointer;display:flex;align-items:center;justify-content:center}
.${MARKER_CLASS}::after{content:'';width:18px;height:18px;border-radius:50%;background:#0B6E4F;border:3px solid #FFFFFF;box-shadow:0 1px 4px rgba(0,0,0,.45);transition:transform .15s}
.${MARKER_CLASS}[aria-pressed=true]{z-index:2}
.${MARKER_CLASS}[aria-pressed=true]::after{background:#B3261E;transform:scale(1.4)}
.${MARKER_CLASS}:focus-visible{outline:3px solid #1B1F23;outline-offset:-3px;border-radius:50%}
.${ORIGIN_CLASS}{width:20px;height:20px;display:flex;align-items:center;justify-content:center;pointer-events:none}
.${ORIGIN_CLASS}::after{content:'';width:12px;height:12px;background:#1B1F23;border:2px solid #FFFFFF;transform:rotate(45deg);box-shadow:0 1px 3px rgba(0,0,0,.5)}
`;

function addStylesOnce(): void {
  if (!document.getElementById('petpro-maplibre-css')) {
    const link = document.createElement('link');
    link.id = 'petpro-maplibre-css';
    link.rel = 'stylesheet';
    link.href = MAPLIBRE_CSS_URL;
    document.head.appendChild(link);
  }
  if (!document.getElementById('petpro-marker-css')) {
    const style = document.createElement('style');
    style.id = 'petpro-marker-css';
    style.textContent = MARKER_CSS;
    document.head.appendChild(style);
  }
}

/**
 * A MapLibre map in `host` (a react-native-web View's element): it draws into a div of its own so React
 * never rewrites the classes MapLibre puts on its container. Markers are HTML buttons (named, focusable).
 */
export function createMapEngine(host: HTMLElement, options: MapEngineOptions): MapEngine {
  addStylesOnce();
  // The worker is a file next to the basemap (scripts/basemap.ts): the bundle has no import.meta.url to find it by.
  setWorkerUrl(new URL(MAPLIBRE_WORKER_URL, location.href).href);

  const container = document.createElement('div');
  container.style.cssText = 'position:absolute;top:0;left:0;right:0;bottom:0';
  host.appendChild(container);

  const map = new MapLibreMap({
    container,
    style: options.styleUrl,
    center: [options.center.lon, options.center.lat],
    zoom: options.zoom,
    attributionControl: { compact: true },
    maplibreLogo: false,
    dragRotate: false,
    pitchWithRotate: false,
    touchPitch: false,
    locale: {
      'Map.Title': options.regionLabel,
      'AttributionControl.ToggleAttribution': options.attributionLabel,
    },
  });
  map.touchZoomRotate.disableRotation();
  map.on('error', (event) => console.warn('map:', event.error?.message ?? event));

  map.on('click', (event: MapMouseEvent) => {
    const target = event.originalEvent.target;
    if (target instanceof Element && target.closest(`.${MARKER_CLASS}`)) return;
    options.onPick(event.lngLat.lat, event.lngLat.lng);
  });

  const shown = new Map<string, { marker: Marker; element: HTMLElement; variant: MapMarker['variant'] }>();

  function describe(element: HTMLElement, marker: MapMarker): void {
    element.setAttribute('aria-label', marker.label);
    element.title = marker.label;
    if (marker.variant !== 'origin') element.setAttribute('aria-pressed', marker.selected ? 'true' : 'false');
  }

  function elementFor(marker: MapMarker): HTMLElement {
    if (marker.variant === 'origin') {
      // A picture with a name, not a control: it marks where the search looks from.
      const element = document.createElement('div');
      element.className = ORIGIN_CLASS;
      element.setAttribute('role', 'img');
      element.style.zIndex = '1';
      return element;
    }
    const element = document.createElement('button');
    element.type = 'button';
    element.className = MARKER_CLASS;
    element.dataset.markerId = marker.id;
    if (!options.markersInTabOrder) element.tabIndex = -1;
    element.addEventListener('click', (event) => {
      event.stopPropagation();
      options.onMarkerPress(marker.id);
    });
    return element;
  }

  return {
    setView(center, zoom) {
      const now = map.getCenter();
      if (now.lat === center.lat && now.lng === center.lon && map.getZoom() === zoom) return;
      map.easeTo({ center: [center.lon, center.lat], zoom, duration: 300 });
    },
    setMarkers(markers) {
      const wanted = new Set(markers.map((marker) => marker.id));
      for (const [id, entry] of shown) {
        const next = markers.find((marker) => marker.id === id);
        if (!wanted.has(id) || next?.variant !== entry.variant) {
          entry.marker.remove();
          shown.delete(id);
        }
      }
      for (const marker of markers) {
        let entry = shown.get(marker.id);
        if (!entry) {
          const element = elementFor(marker);
          entry = { marker: new Marker({ element, anchor: 'center' }), element, variant: marker.variant };
          entry.marker.setLngLat([marker.lon, marker.lat]).addTo(map);
          shown.set(marker.id, entry);
        } else {
          entry.marker.setLngLat([marker.lon, marker.lat]);
        }
        describe(entry.element, marker);
      }
      // The chosen one is brought into view (chosen from the list, it may be off the map).
      const selected = markers.find((marker) => marker.selected);
      if (selected && !map.getBounds().contains([selected.lon, selected.lat]))
        map.easeTo({ center: [selected.lon, selected.lat], duration: 300 });
    },
    setLabels(regionLabel, attributionLabel) {
      map.getCanvas().setAttribute('aria-label', regionLabel);
      container.querySelectorAll('.maplibregl-ctrl-attrib-button').forEach((button) => {
        button.setAttribute('aria-label', attributionLabel);
        button.setAttribute('title', attributionLabel);
      });
    },
    center() {
      const { lat, lng } = map.getCenter();
      return { lat, lon: lng };
    },
    destroy() {
      map.remove();
      container.remove();
    },
  };
}

/** Whether this browser can draw the map (WebGL); without it, MapView shows the list-only fallback. */
export function canDrawMaps(): boolean {
  try {
    const canvas = document.createElement('canvas');
    return Boolean(canvas.getContext('webgl2') ?? canvas.getContext('webgl'));
  } catch {
    return false;
  }
}
