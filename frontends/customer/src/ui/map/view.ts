/** Web Mercator, as MapLibre draws it: 512 px per world at zoom 0 (its tiles are 512 px). */
const WORLD_PX = 512;

function x(lon: number): number {
  return (lon + 180) / 360;
}
function y(lat: number): number {
  const sin = Math.sin((lat * Math.PI) / 180);
  return 0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI);
}
function latOf(yValue: number): number {
  return (Math.atan(Math.sinh(Math.PI * (1 - 2 * yValue))) * 180) / Math.PI;
}

export interface MapViewport {
  center: { lat: number; lon: number };
  zoom: number;
}

/**
 * The centre and zoom that show every point in a `width`×`height` map with `padding` px to spare
 * (between zoom 4, all of Indonesia's width, and `maxZoom`); one point alone is shown at `maxZoom`.
 */
export function fitPoints(
  points: readonly { lat: number; lon: number }[],
  width: number,
  height: number,
  padding = 28,
  maxZoom = 15,
): MapViewport | null {
  if (points.length === 0) return null;
  const xs = points.map((p) => x(p.lon));
  const ys = points.map((p) => y(p.lat));
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const spanX = Math.max(maxX - minX, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const fit = Math.log2(
    Math.min(
      Math.max(width - 2 * padding, 1) / (spanX * WORLD_PX),
      Math.max(height - 2 * padding, 1) / (spanY * WORLD_PX),
    ),
  );
  return {
    center: { lat: latOf((minY + maxY) / 2), lon: ((minX + maxX) / 2) * 360 - 180 },
    zoom: Math.min(maxZoom, Math.max(4, Math.floor(fit * 4) / 4)),
  };
}
