import { addressesService } from './addresses.ts';
import type { UsersPorts } from './model.ts';
import { petPhotosService } from './pet-photos.ts';
import { petRecordsService } from './pet-records.ts';
import { petsService } from './pets.ts';
import { profileService } from './profile.ts';

/** Every area's use cases on the same ports, as one object: for tests and tools; each handler builds only its own area (wiring.ts). */
export function allAreas(ports: UsersPorts) {
  return {
    ...profileService(ports),
    ...addressesService(ports),
    ...petsService(ports),
    ...petPhotosService(ports),
    ...petRecordsService(ports),
  };
}
