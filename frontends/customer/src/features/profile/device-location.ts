import { ExpoLocationSource } from '../../data/device-location';
import { LocationError, type LocationProvider } from './location';

/** The shared expo-location source (loaded when first asked), as the address form's pin reads it. */
export const deviceLocation: LocationProvider = {
  async current() {
    const result = await new ExpoLocationSource().current();
    if (result.kind === 'refused') throw new LocationError('denied');
    if (result.kind === 'unavailable') throw new LocationError('unavailable');
    return result.place;
  },
};
