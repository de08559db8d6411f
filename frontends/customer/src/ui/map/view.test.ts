import { describe, expect, it } from 'vitest';
import { fitPoints } from './view';

describe('fitPoints', () => {
  it('centres on the points and zooms so they all fit, closer for closer points', () => {
    const near = fitPoints(
      [
        { lat: -6.24, lon: 106.8 },
        { lat: -6.28, lon: 106.82 },
      ],
      360,
      220,
    )!;
    expect(near.center.lat).toBeCloseTo(-6.26, 3);
    expect(near.center.lon).toBeCloseTo(106.81, 6);
    const far = fitPoints(
      [
        { lat: -6.1, lon: 106.7 },
        { lat: -6.4, lon: 106.9 },
      ],
      360,
      220,
    )!;
    expect(far.zoom).toBeLessThan(near.zoom);
    // Every point inside the box: 0.3° of latitude at this zoom is at most the 220 px box less padding.
    const pxPerDegreeLat = (512 * 2 ** far.zoom) / 360;
    expect(0.3 * pxPerDegreeLat).toBeLessThanOrEqual(220 - 2 * 28 + 1);
  });

  it('shows one point close, nothing as nothing, and never zooms out past Indonesia', () => {
    const one = fitPoints([{ lat: -8.67, lon: 115.21 }], 360, 220)!;
    expect(one.zoom).toBe(15);
    expect(one.center.lat).toBeCloseTo(-8.67, 9);
    expect(one.center.lon).toBeCloseTo(115.21, 9);
    expect(fitPoints([], 360, 220)).toBeNull();
    expect(
      fitPoints(
        [
          { lat: 5, lon: 95 },
          { lat: -11, lon: 141 },
        ],
        360,
        220,
      )?.zoom,
    ).toBe(4);
  });
});
