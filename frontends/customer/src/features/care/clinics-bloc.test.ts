import { ApiProblem, formatIdr } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PLACE, toClinicSummary } from './clinic-repository';
import { FakeClinicRepository, kemangClinic } from '../../testing/fakes';
import { ClinicsBloc, type ClinicsState } from './clinics-bloc';

describe('ClinicsBloc', () => {
  it('loads the clinics around Kemang: idle, loading, loaded', async () => {
    const repository = new FakeClinicRepository([kemangClinic]);
    const bloc = new ClinicsBloc(repository);
    const seen: ClinicsState['status'][] = [bloc.state.status];
    bloc.subscribe((state) => seen.push(state.status));
    await bloc.add({ type: 'load-requested' });
    expect(seen).toEqual(['idle', 'loading', 'loaded']);
    expect(repository.places).toEqual([{ lat: -6.26, lon: 106.81 }]);
    expect(bloc.state).toEqual({ status: 'loaded', place: DEFAULT_PLACE, clinics: [kemangClinic] });
  });

  it('shows the problem when the search fails, then loads again on retry', async () => {
    const problem = new ApiProblem({
      status: 503,
      type: 'https://petpro.id/problems/unavailable',
      title: 'Layanan sedang tidak tersedia',
      detail: 'Coba lagi sebentar lagi.',
    });
    const bloc = new ClinicsBloc(new FakeClinicRepository(problem, [kemangClinic]));
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({
      status: 'error',
      error: {
        kind: 'problem',
        status: 503,
        title: 'Layanan sedang tidak tersedia',
        detail: 'Coba lagi sebentar lagi.',
      },
    });
    await bloc.add({ type: 'retry-requested' });
    expect(bloc.state).toMatchObject({ status: 'loaded', clinics: [kemangClinic] });
  });

  it('keeps the list shown while it reloads', async () => {
    const bloc = new ClinicsBloc(new FakeClinicRepository([kemangClinic], []));
    await bloc.add({ type: 'load-requested' });
    const during: ClinicsState[] = [];
    bloc.subscribe((state) => during.push(state));
    await bloc.add({ type: 'load-requested' });
    expect(during[0]).toMatchObject({ status: 'loading', clinics: [kemangClinic] });
    expect(bloc.state).toMatchObject({ status: 'loaded', clinics: [] });
  });

  it('turns an unknown failure into "unexpected", never the raw error', async () => {
    const bloc = new ClinicsBloc(new FakeClinicRepository(new TypeError('{"message":"Internal"}')));
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'error', error: { kind: 'unexpected' } });
  });
});

describe('toClinicSummary', () => {
  it('takes the cheapest service as the starting price', () => {
    const summary = toClinicSummary({
      vendorId: 'v1',
      name: 'Klinik',
      kind: 'clinic',
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
          category: 'vaccination',
          price: { amount: 250_000, currency: 'IDR' },
          durationMin: 30,
        },
        {
          serviceId: 's2',
          name: 'Konsultasi',
          category: 'vet_consultation',
          price: { amount: 150_000, currency: 'IDR' },
          durationMin: 30,
        },
      ],
    });
    expect(summary.startingPrice).toBe(150_000);
    expect(formatIdr(summary.startingPrice ?? 0)).toBe('Rp150.000');
    expect(toClinicSummary({ ...baseItem(), services: [] }).startingPrice).toBeNull();
  });
});

function baseItem() {
  return {
    vendorId: 'v2',
    name: 'Groomer',
    kind: 'groomer' as const,
    address: 'Jl. Bangka',
    city: 'Jakarta Selatan',
    lat: -6.25,
    lon: 106.82,
    distanceKm: null,
    rating: 4.5,
    reviewCount: 3,
    openNow: true,
    services: [],
  };
}
