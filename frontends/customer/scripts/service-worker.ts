// Writes dist/sw.js after `expo export`: Workbox precaches the app's files (HTML, JS, fonts, the
// basemap) so the web app opens with no network; navigations fall back to index.html (one-page app).
// The API is never cached here: the app keeps what the customer saw in its own offline cache.
import { generateSW } from 'workbox-build';
import { resolve } from 'node:path';

const dist = resolve(process.env.DIST ?? resolve(import.meta.dirname, '..', 'dist'));
const { count, size, warnings } = await generateSW({
  globDirectory: dist,
  globPatterns: ['**/*.{html,js,css,json,geojson,png,svg,ico,ttf,woff2}'],
  swDest: resolve(dist, 'sw.js'),
  navigateFallback: '/index.html',
  // The basemap's GeoJSON is about 1 MB.
  maximumFileSizeToCacheInBytes: 4 * 1024 * 1024,
  skipWaiting: true,
  clientsClaim: true,
  sourcemap: false,
  mode: 'production',
});
for (const warning of warnings) console.warn(warning);
console.log(`service worker: ${count} files precached (${(size / 1024).toFixed(0)} KB)`);
