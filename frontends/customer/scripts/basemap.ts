// Builds the app's bundled basemap into public/basemap/ (git-ignored; Expo's web export copies public/):
// - indonesia.geojson: Indonesia's land (Natural Earth 1:10m via world-atlas, country id "360");
// - style.json: a MapLibre style (water background, land fill, coastline; no glyphs or sprites, so no labels);
// - maplibre-gl-worker.js and maplibre-gl.css: MapLibre's worker and stylesheet, loaded only with the map
//   (src/ui/map/). Run before `expo export`: `node scripts/basemap.ts`. Node 22 strips the types; no
//   dependencies beyond world-atlas and topojson-client (and maplibre-gl's own files, copied as they are).
// In AWS, EXPO_PUBLIC_MAP_STYLE_URL (Amazon Location Service) replaces style.json; the worker and CSS stay.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import topojson from 'topojson-client';

const INDONESIA = '360';
/** ~1 m at the equator: enough for a basemap, and it keeps the file small. */
const DECIMALS = 5;

const out = resolve(import.meta.dirname, '..', 'public', 'basemap');
mkdirSync(out, { recursive: true });

type Position = number[];
interface Geometry {
  type: string;
  coordinates: unknown;
}

function fileOf(specifier: string): string {
  return fileURLToPath(import.meta.resolve(specifier));
}

function rounded(coordinates: unknown): unknown {
  if (typeof coordinates === 'number') return Number(coordinates.toFixed(DECIMALS));
  return (coordinates as unknown[]).map(rounded);
}

/** Drops the points rounding made equal to the one before (a ring keeps at least its 4 points). */
function deduplicated(ring: Position[]): Position[] {
  const kept = ring.filter((point, i) => i === 0 || point[0] !== ring[i - 1]![0] || point[1] !== ring[i - 1]![1]);
  return kept.length >= 4 ? kept : ring;
}

function simplified(geometry: Geometry): Geometry {
  const coordinates = rounded(geometry.coordinates);
  if (geometry.type === 'Polygon')
    return { type: 'Polygon', coordinates: (coordinates as Position[][]).map(deduplicated) };
  if (geometry.type === 'MultiPolygon')
    return {
      type: 'MultiPolygon',
      coordinates: (coordinates as Position[][][]).map((polygon) => polygon.map(deduplicated)),
    };
  return { type: geometry.type, coordinates };
}

const topology = JSON.parse(readFileSync(fileOf('world-atlas/countries-10m.json'), 'utf8'));
const countries = topojson.feature(topology, topology.objects.countries) as unknown as {
  features: { id?: string | number; properties: { name?: string }; geometry: Geometry }[];
};
const indonesia = countries.features.find((country) => String(country.id) === INDONESIA);
if (!indonesia) throw new Error(`world-atlas has no country ${INDONESIA} (Indonesia)`);

const geojson = {
  type: 'FeatureCollection',
  features: [{ type: 'Feature', id: 360, properties: { name: 'Indonesia' }, geometry: simplified(indonesia.geometry) }],
};
writeFileSync(join(out, 'indonesia.geojson'), JSON.stringify(geojson));

// Root-relative: MapLibre resolves a source's URL against the page, and the app is served from "/".
const style = {
  version: 8,
  name: 'PetPro Indonesia',
  sources: {
    indonesia: {
      type: 'geojson',
      data: '/basemap/indonesia.geojson',
      attribution: 'Natural Earth',
    },
  },
  layers: [
    { id: 'water', type: 'background', paint: { 'background-color': '#A9D3E6' } },
    { id: 'land', type: 'fill', source: 'indonesia', paint: { 'fill-color': '#F3F0E6' } },
    {
      id: 'coastline',
      type: 'line',
      source: 'indonesia',
      paint: { 'line-color': '#5E8FA3', 'line-width': ['interpolate', ['linear'], ['zoom'], 4, 0.5, 12, 1.5] },
    },
  ],
};
writeFileSync(join(out, 'style.json'), JSON.stringify(style, null, 2));

// MapLibre's worker as a .js file: every static host (and scripts/serve.ts) serves .js as JavaScript,
// which a module worker needs; the bundle points MapLibre at it (setWorkerUrl).
const maplibre = dirname(fileOf('maplibre-gl'));
copyFileSync(join(maplibre, 'maplibre-gl-worker.mjs'), join(out, 'maplibre-gl-worker.js'));
copyFileSync(join(maplibre, 'maplibre-gl.css'), join(out, 'maplibre-gl.css'));

console.log(`basemap: ${out} (indonesia.geojson, style.json, maplibre-gl-worker.js, maplibre-gl.css)`);
