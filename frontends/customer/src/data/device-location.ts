/** A point on the map, in degrees. */
export interface Position {
  lat: number;
  lon: number;
}

export type LocationResult = { kind: 'found'; place: Position } | { kind: 'refused' } | { kind: 'unavailable' };

/** The device's position, asked for only when the user asks for it (Find care's "around me", an address's pin). */
export interface LocationSource {
  current(): Promise<LocationResult>;
}

/** A position not found by then is "unavailable" (the browser's geolocation has no timeout of its own). */
const POSITION_TIMEOUT_MS = 15_000;

/**
 * expo-location (the browser's geolocation on the web): foreground permission, then one position.
 * Loaded with import() when first asked, so neither the module nor its permission prompt costs
 * anything until then.
 */
export class ExpoLocationSource implements LocationSource {
  async current(): Promise<LocationResult> {
    try {
      const Location = await import('expo-location');
      const permission = await Location.requestForegroundPermissionsAsync();
      if (!permission.granted) return { kind: 'refused' };
      const position = await Promise.race([
        Location.getCurrentPositionAsync({ accuracy: Location.Accuracy.Balanced }),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), POSITION_TIMEOUT_MS)),
      ]);
      if (!position) return { kind: 'unavailable' };
      return { kind: 'found', place: { lat: position.coords.latitude, lon: position.coords.longitude } };
    } catch {
      return { kind: 'unavailable' };
    }
  }
}
