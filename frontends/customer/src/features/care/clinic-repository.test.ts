import { ApiProblem, createApiClient, formatIdr } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { ApiClinicRepository, toClinicProfile, toClinicSummary, toSearchQuery } from './clinic-repository';

// What GET /v1/clinics/{vendorId} answers (the local platform's demo clinic, trimmed).
const satwaSehat = {
  vendorId: '01M98FNFYJE7DP052HWV0SEJV6',
  name: 'Klinik Hewan Satwa Sehat Kemang',
  kind: 'clinic',
  description: 'Klinik hewan dengan ruang periksa yang nyaman di Kemang.',
  address: 'Jl. Kemang Raya No. 228, Bangka, Mampang Prapatan, Jakarta',
  city: 'Jakarta',
  province: 'DKI Jakarta',
  lat: -6.262744,
  lon: 106.812261,
  phone: '+6287772732493',
  rating: 4,
  reviewCount: 1,
  services: [
    {
      serviceId: '01M98FNG48QN9V4DN8ZMRSTBMZ',
      name: 'Konsultasi Dokter Hewan',
      category: 'vet_consultation',
      species: ['dog', 'cat', 'axolotl'],
      durationMin: 30,
      price: { amount: 175000, currency: 'IDR' },
      prepay: false,
      capacity: 1,
      bufferMin: 10,
      categoryLabel: { id: 'Konsultasi dokter hewan', en: 'Vet consultation', terms: [] },
    },
  ],
  schedule: {
    timeZone: 'Asia/Jakarta',
    weekly: {
      mon: [
        { open: '09:00', close: '12:00' },
        { open: '13:00', close: '21:00' },
      ],
      sun: [{ open: '09:00', close: '14:00' }],
    },
    exceptions: [{ date: '2027-03-10', closed: true, note: 'Idul Fitri' }],
  },
  updatedAt: '2026-12-07T14:49:04.144Z',
  openNow: false,
  _links: { self: { href: '/v1/clinics/01M98FNFYJE7DP052HWV0SEJV6' } },
};

const searchItem = {
  vendorId: 'v1',
  name: 'Klinik',
  kind: 'clinic' as const,
  address: 'Jl. Kemang',
  city: 'Jakarta Selatan',
  lat: -6.26,
  lon: 106.81,
  distanceKm: 1.2,
  rating: null,
  reviewCount: 0,
  openNow: false,
  services: [
    {
      serviceId: 's1',
      name: 'Vaksin',
      category: 'vaccination' as const,
      price: { amount: 250_000, currency: 'IDR' as const },
      durationMin: 30,
    },
    {
      serviceId: 's2',
      name: 'Konsultasi',
      category: 'vet_consultation' as const,
      price: { amount: 150_000, currency: 'IDR' as const },
      durationMin: 30,
    },
  ],
};

/** The API client over a fetch that answers `respond` and records what it was asked. */
function clientAnswering(respond: (url: URL) => Response) {
  const asked: URL[] = [];
  const api = createApiClient({
    baseUrl: 'http://api.test',
    fetch: async (request: Request) => {
      const url = new URL(request.url);
      asked.push(url);
      return respond(url);
    },
  });
  return { repository: new ApiClinicRepository(api), asked };
}

describe('ApiClinicRepository', () => {
  it('asks GET /v1/clinics with exactly the filters set', async () => {
    const { repository, asked } = clientAnswering(() => Response.json({ items: [searchItem], nextCursor: 'next' }));
    const page = await repository.search({
      place: { lat: -6.26, lon: 106.81 },
      radiusKm: 5,
      service: 'vaccination',
      openNow: true,
      sort: 'distance',
      limit: 50,
    });
    expect(asked[0]?.pathname).toBe('/v1/clinics');
    expect(Object.fromEntries(asked[0]!.searchParams)).toEqual({
      lat: '-6.26',
      lon: '106.81',
      radiusKm: '5',
      service: 'vaccination',
      openNow: 'true',
      sort: 'distance',
      limit: '50',
    });
    expect(page.nextCursor).toBe('next');
    expect(page.clinics[0]).toMatchObject({
      vendorId: 'v1',
      lat: -6.26,
      lon: 106.81,
      startingPrice: 150_000,
      categories: ['vaccination', 'vet_consultation'],
    });
  });

  it("reads a clinic's profile, which the API document types as no body", async () => {
    const { repository, asked } = clientAnswering(() => Response.json(satwaSehat));
    const clinic = await repository.getClinic('01M98FNFYJE7DP052HWV0SEJV6');
    expect(asked[0]?.pathname).toBe('/v1/clinics/01M98FNFYJE7DP052HWV0SEJV6');
    expect(clinic.services[0]).toEqual({
      serviceId: '01M98FNG48QN9V4DN8ZMRSTBMZ',
      name: 'Konsultasi Dokter Hewan',
      category: 'vet_consultation',
      species: ['dog', 'cat'],
      durationMin: 30,
      price: 175_000,
      prepay: false,
    });
    expect(clinic.schedule.weekly.tue).toEqual([]);
    expect(clinic.schedule.exceptions).toEqual([{ date: '2027-03-10', closed: true, hours: [], note: 'Idul Fitri' }]);
  });

  it('throws the API problem for a clinic that is not listed', async () => {
    const { repository } = clientAnswering(() =>
      Response.json(
        { type: 'https://petpro.id/problems/not-found', title: 'Tidak ditemukan', status: 404, detail: 'Tidak ada.' },
        { status: 404, headers: { 'content-type': 'application/problem+json' } },
      ),
    );
    await expect(repository.getClinic('01M98FNFYJE7DP052HWV0SEJV6')).rejects.toBeInstanceOf(ApiProblem);
  });

  it('reads the latest reviews', async () => {
    const { repository, asked } = clientAnswering(() =>
      Response.json({
        items: [
          {
            reviewId: 'r1',
            authorName: 'Budi S.',
            bookingId: null,
            rating: 4,
            comment: 'Nyaman.',
            createdAt: '2026-12-07T14:49:03.475Z',
          },
        ],
        nextCursor: null,
      }),
    );
    const reviews = await repository.latestReviews('v1', 5);
    expect(asked[0]?.pathname).toBe('/v1/vendors/v1/reviews');
    expect(asked[0]?.searchParams.get('limit')).toBe('5');
    expect(reviews).toEqual([
      { reviewId: 'r1', authorName: 'Budi S.', rating: 4, comment: 'Nyaman.', createdAt: '2026-12-07T14:49:03.475Z' },
    ]);
  });
});

describe('toClinicProfile', () => {
  it('refuses an answer without what the profile needs (shown as "unexpected", not a crash later)', () => {
    expect(() => toClinicProfile({ ...satwaSehat, services: undefined })).toThrow(TypeError);
    expect(() =>
      toClinicProfile({ ...satwaSehat, schedule: { ...satwaSehat.schedule, timeZone: 'Asia/Tokyo' } }),
    ).toThrow(TypeError);
    expect(() => toClinicProfile('nope')).toThrow(TypeError);
  });
});

describe('toClinicSummary and toSearchQuery', () => {
  it('takes the cheapest service as the starting price', () => {
    const summary = toClinicSummary(searchItem);
    expect(summary.startingPrice).toBe(150_000);
    expect(formatIdr(summary.startingPrice ?? 0)).toBe('Rp150.000');
    expect(toClinicSummary({ ...searchItem, services: [] }).startingPrice).toBeNull();
  });

  it('sends openNow only when asked, as the string the API parses', () => {
    const base = { place: { lat: 1, lon: 2 }, sort: 'rating' as const, limit: 10 };
    expect(toSearchQuery(base)).toEqual({ lat: 1, lon: 2, sort: 'rating', limit: 10 });
    expect(toSearchQuery({ ...base, openNow: true, minRating: 4.5, species: 'dog' })).toEqual({
      lat: 1,
      lon: 2,
      sort: 'rating',
      limit: 10,
      openNow: 'true',
      minRating: 4.5,
      species: 'dog',
    });
  });
});
