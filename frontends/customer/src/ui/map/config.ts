/**
 * The map style: EXPO_PUBLIC_MAP_STYLE_URL at build time (Amazon Location Service's style URL in AWS,
 * its API key in the query), else the basemap `scripts/basemap.ts` writes into public/basemap/
 * (Indonesia's land and coastline, no labels), which the web export serves from the app's origin.
 */
export const BUNDLED_STYLE_URL = '/basemap/style.json';
export const MAP_STYLE_URL = process.env.EXPO_PUBLIC_MAP_STYLE_URL || BUNDLED_STYLE_URL;

/** MapLibre's worker and stylesheet, copied next to the bundled basemap by scripts/basemap.ts. */
export const MAPLIBRE_WORKER_URL = '/basemap/maplibre-gl-worker.js';
export const MAPLIBRE_CSS_URL = '/basemap/maplibre-gl.css';

/**
 * A zoom level that shows about `radiusKm` around the centre in a box `widthPx` wide (Web Mercator as
 * MapLibre draws it, 512 px tiles: metres per pixel = 78272 × cos(lat) / 2^zoom), between 4 (Indonesia)
 * and 16 (streets).
 */
export function zoomForRadius(radiusKm: number, lat: number, widthPx = 360): number {
  const metresPerPixel = (radiusKm * 2 * 1000) / widthPx;
  const zoom = Math.log2((78_271.52 * Math.cos((lat * Math.PI) / 180)) / metresPerPixel);
  return Math.min(16, Math.max(4, Math.round(zoom * 2) / 2));
}
