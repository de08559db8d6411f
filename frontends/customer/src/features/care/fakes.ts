import type { CareRepository, ClinicPage, ClinicProfile, ClinicSearch, FoundClinic, Review } from './clinic-repository';
import type { LocationResult, LocationSource } from '../../data/device-location';

export function foundClinic(overrides: Partial<FoundClinic> & Pick<FoundClinic, 'vendorId' | 'name'>): FoundClinic {
  return {
    kind: 'clinic',
    address: 'Jl. Kemang Raya No. 10',
    city: 'Jakarta Selatan',
    distanceKm: 1,
    rating: 4.5,
    reviewCount: 10,
    openNow: true,
    startingPrice: 150_000,
    lat: -6.26,
    lon: 106.81,
    categories: ['vet_consultation'],
    ...overrides,
  };
}

export const kemang = foundClinic({
  vendorId: 'v-kemang',
  name: 'Klinik Hewan Kemang',
  distanceKm: 0.4,
  startingPrice: 250_000,
});
export const blokM = foundClinic({
  vendorId: 'v-blokm',
  name: 'Klinik Blok M',
  distanceKm: 2.1,
  startingPrice: 90_000,
});
export const groomer = foundClinic({
  vendorId: 'v-groomer',
  name: 'Groomer Bangka',
  kind: 'groomer',
  distanceKm: 3,
  startingPrice: null,
  categories: ['grooming'],
});

export const kemangProfile: ClinicProfile = {
  vendorId: 'v-kemang',
  name: 'Klinik Hewan Kemang',
  kind: 'clinic',
  description: 'Klinik hewan di Kemang.',
  address: 'Jl. Kemang Raya No. 10',
  city: 'Jakarta Selatan',
  province: 'DKI Jakarta',
  lat: -6.261,
  lon: 106.812,
  phone: '+6281234567890',
  rating: 4.8,
  reviewCount: 120,
  openNow: true,
  services: [
    {
      serviceId: 's1',
      name: 'Konsultasi',
      category: 'vet_consultation',
      species: ['dog', 'cat'],
      durationMin: 30,
      price: 150_000,
      prepay: false,
    },
  ],
  schedule: {
    timeZone: 'Asia/Jakarta',
    weekly: {
      mon: [{ open: '09:00', close: '17:00' }],
      tue: [{ open: '09:00', close: '17:00' }],
      wed: [{ open: '09:00', close: '17:00' }],
      thu: [{ open: '09:00', close: '17:00' }],
      fri: [{ open: '09:00', close: '17:00' }],
      sat: [{ open: '09:00', close: '12:00' }],
      sun: [],
    },
    exceptions: [],
  },
};

type Answer<T> = T | Error;

/** A CareRepository answering what the test scripts, in order; every call is recorded. */
export class FakeCareRepository implements CareRepository {
  readonly searches: ClinicSearch[] = [];
  readonly profilesAsked: string[] = [];
  readonly pages: Answer<ClinicPage>[];
  profile: Answer<ClinicProfile> = kemangProfile;
  reviews: Answer<Review[]> = [];

  constructor(...pages: Answer<ClinicPage | FoundClinic[]>[]) {
    this.pages = pages.map((page) => (Array.isArray(page) ? { clinics: page, nextCursor: null } : page));
  }

  async search(query: ClinicSearch): Promise<ClinicPage> {
    this.searches.push(query);
    const page = this.pages.shift() ?? { clinics: [], nextCursor: null };
    if (page instanceof Error) throw page;
    return page;
  }

  async getClinic(vendorId: string): Promise<ClinicProfile> {
    this.profilesAsked.push(vendorId);
    if (this.profile instanceof Error) throw this.profile;
    return this.profile;
  }

  async latestReviews(): Promise<Review[]> {
    if (this.reviews instanceof Error) throw this.reviews;
    return this.reviews;
  }
}

/** The device's position as the test sets it: found, refused or unavailable. */
export class FakeLocationSource implements LocationSource {
  asked = 0;
  constructor(private readonly result: LocationResult) {}

  async current(): Promise<LocationResult> {
    this.asked += 1;
    return this.result;
  }
}
