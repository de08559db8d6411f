import { describe, expect, it } from 'vitest';
import { BUNDLED_STYLE_URL, MAP_STYLE_URL, zoomForRadius } from './config';

describe('the map configuration', () => {
  it('uses the bundled basemap unless EXPO_PUBLIC_MAP_STYLE_URL was set at build time', () => {
    expect(BUNDLED_STYLE_URL).toBe('/basemap/style.json');
    expect(MAP_STYLE_URL).toBe(process.env.EXPO_PUBLIC_MAP_STYLE_URL || BUNDLED_STYLE_URL);
  });

  it('zooms so the search radius fits the map, closer for a smaller radius, within 4–16', () => {
    const fiveKm = zoomForRadius(5, -6.26, 360);
    expect(fiveKm).toBe(11.5);
    expect(zoomForRadius(2, -6.26, 360)).toBeGreaterThan(fiveKm);
    expect(zoomForRadius(50, -6.26, 360)).toBeLessThan(fiveKm);
    expect(zoomForRadius(5000, 0)).toBe(4);
    expect(zoomForRadius(0.01, 0)).toBe(16);
  });
});
