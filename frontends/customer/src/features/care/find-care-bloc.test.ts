import { ApiProblem } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { blokM, FakeCareRepository, FakeLocationSource, groomer, kemang } from './fakes';
import {
  activeFilterCount,
  DEFAULT_FILTERS,
  FindCareBloc,
  ordered,
  PRICE_PAGE_SIZE,
  toClinicSearch,
  type FindCareState,
} from './find-care-bloc';
import { DEFAULT_SEARCH_PLACE } from './places';

const nowhere = new FakeLocationSource({ kind: 'unavailable' });

describe('FindCareBloc', () => {
  it('searches around Kemang within 5 km, nearest first: idle, loading, loaded', async () => {
    const clinics = new FakeCareRepository([kemang, blokM]);
    const bloc = new FindCareBloc(clinics, nowhere);
    const seen: FindCareState['status'][] = [bloc.state.status];
    bloc.subscribe((state) => seen.push(state.status));
    await bloc.add({ type: 'load-requested' });
    expect(seen).toEqual(['idle', 'loading', 'loaded']);
    expect(clinics.searches).toEqual([
      { place: { lat: -6.26, lon: 106.81 }, radiusKm: 5, sort: 'distance', limit: 50 },
    ]);
    expect(bloc.state.clinics).toEqual([kemang, blokM]);
    expect(bloc.state.place).toEqual(DEFAULT_SEARCH_PLACE);
  });

  it('sends each filter as the API parameter it is, and searches again on each change', async () => {
    const clinics = new FakeCareRepository([kemang, blokM], [kemang], [blokM]);
    const bloc = new FindCareBloc(clinics, nowhere);
    await bloc.add({ type: 'load-requested' });
    await bloc.add({
      type: 'filters-changed',
      filters: { service: 'vaccination', species: 'cat', openNow: true, minRating: 4, radiusKm: 10, sort: 'rating' },
    });
    expect(clinics.searches[1]).toEqual({
      place: { lat: -6.26, lon: 106.81 },
      radiusKm: 10,
      service: 'vaccination',
      species: 'cat',
      minRating: 4,
      openNow: true,
      sort: 'rating',
      limit: 50,
    });
    expect(bloc.state.clinics).toEqual([kemang]);
    expect(activeFilterCount(bloc.state.filters)).toBe(6);

    await bloc.add({ type: 'filters-reset' });
    expect(bloc.state.filters).toEqual(DEFAULT_FILTERS);
    expect(clinics.searches[2]).toEqual(clinics.searches[0]);
  });

  it('orders by price itself (the API cannot): nearest page of 100, cheapest first, no price last', async () => {
    const clinics = new FakeCareRepository([kemang, groomer, blokM]);
    const bloc = new FindCareBloc(clinics, nowhere);
    await bloc.add({ type: 'filters-changed', filters: { sort: 'price' } });
    expect(clinics.searches[0]).toMatchObject({ sort: 'distance', limit: PRICE_PAGE_SIZE });
    expect(bloc.state.clinics.map((clinic) => clinic.vendorId)).toEqual(['v-blokm', 'v-kemang', 'v-groomer']);
  });

  it('looks around a chosen city', async () => {
    const clinics = new FakeCareRepository([kemang], [blokM]);
    const bloc = new FindCareBloc(clinics, nowhere);
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'city-chosen', cityId: 'denpasar' });
    expect(bloc.state.place).toEqual({ kind: 'city', cityId: 'denpasar', lat: -8.6705, lon: 115.2126 });
    expect(clinics.searches[1]?.place).toEqual({ lat: -8.6705, lon: 115.2126 });
  });

  it("searches around the device's position when the user shares it", async () => {
    const clinics = new FakeCareRepository([kemang], [blokM]);
    const location = new FakeLocationSource({ kind: 'found', place: { lat: -6.2, lon: 106.85 } });
    const bloc = new FindCareBloc(clinics, location);
    await bloc.add({ type: 'load-requested' });
    const during: FindCareState[] = [];
    bloc.subscribe((state) => during.push(state));
    await bloc.add({ type: 'my-location-requested' });
    expect(during[0]).toMatchObject({ locating: true });
    expect(bloc.state).toMatchObject({
      locating: false,
      locationProblem: null,
      place: { kind: 'device', lat: -6.2, lon: 106.85 },
      clinics: [blokM],
    });
    expect(clinics.searches[1]?.place).toEqual({ lat: -6.2, lon: 106.85 });
  });

  it('stays at Kemang, searching nothing new, when location permission is refused', async () => {
    const clinics = new FakeCareRepository([kemang]);
    const location = new FakeLocationSource({ kind: 'refused' });
    const bloc = new FindCareBloc(clinics, location);
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'my-location-requested' });
    expect(location.asked).toBe(1);
    expect(bloc.state).toMatchObject({
      locating: false,
      locationProblem: 'refused',
      place: DEFAULT_SEARCH_PLACE,
      clinics: [kemang],
    });
    expect(clinics.searches).toHaveLength(1);
  });

  it('selects a clinic (marker or card), and forgets it when a new search no longer lists it', async () => {
    const clinics = new FakeCareRepository([kemang, blokM], [kemang, blokM], [kemang]);
    const bloc = new FindCareBloc(clinics, nowhere);
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'clinic-selected', vendorId: 'v-blokm' });
    expect(bloc.state.selectedId).toBe('v-blokm');
    await bloc.add({ type: 'filters-changed', filters: { openNow: true } });
    expect(bloc.state.selectedId).toBe('v-blokm');
    await bloc.add({ type: 'filters-changed', filters: { radiusKm: 2 } });
    expect(bloc.state.selectedId).toBeNull();
  });

  it('shows the problem when the search fails, then loads again on retry', async () => {
    const problem = new ApiProblem({
      status: 400,
      type: 'https://petpro.id/problems/validation',
      title: 'Data tidak valid',
      detail: 'Periksa kembali isian Anda.',
    });
    const bloc = new FindCareBloc(new FakeCareRepository(problem, [kemang]), nowhere);
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({
      status: 'error',
      clinics: [],
      error: { kind: 'problem', status: 400, title: 'Data tidak valid' },
    });
    await bloc.add({ type: 'retry-requested' });
    expect(bloc.state).toMatchObject({ status: 'loaded', error: null, clinics: [kemang] });
  });

  it('keeps the list shown while a new search loads', async () => {
    const bloc = new FindCareBloc(new FakeCareRepository([kemang], []), nowhere);
    await bloc.add({ type: 'load-requested' });
    const during: FindCareState[] = [];
    bloc.subscribe((state) => during.push(state));
    await bloc.add({ type: 'filters-changed', filters: { openNow: true } });
    expect(during[0]).toMatchObject({ status: 'loading', clinics: [kemang], filters: { openNow: true } });
    expect(bloc.state).toMatchObject({ status: 'loaded', clinics: [] });
  });

  it('loads the next page with the cursor, adding only clinics not already listed', async () => {
    const clinics = new FakeCareRepository(
      { clinics: [kemang], nextCursor: 'page-2' },
      { clinics: [kemang, blokM], nextCursor: null },
    );
    const bloc = new FindCareBloc(clinics, nowhere);
    await bloc.add({ type: 'load-requested' });
    await bloc.add({ type: 'more-requested' });
    expect(clinics.searches[1]).toMatchObject({ cursor: 'page-2', radiusKm: 5 });
    expect(bloc.state.clinics).toEqual([kemang, blokM]);
    expect(bloc.state.nextCursor).toBeNull();
    await bloc.add({ type: 'more-requested' });
    expect(clinics.searches).toHaveLength(2);
  });

  it('turns an unknown failure into "unexpected", never the raw error', async () => {
    const bloc = new FindCareBloc(new FakeCareRepository(new TypeError('{"message":"Internal"}')), nowhere);
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'error', error: { kind: 'unexpected' } });
  });
});

describe('toClinicSearch and ordered', () => {
  it('leaves out the filters that filter nothing', () => {
    expect(toClinicSearch(DEFAULT_SEARCH_PLACE, DEFAULT_FILTERS)).toEqual({
      place: { lat: -6.26, lon: 106.81 },
      radiusKm: 5,
      sort: 'distance',
      limit: 50,
    });
  });

  it('keeps the API order unless asked for price', () => {
    expect(ordered([groomer, kemang, blokM], 'rating')).toEqual([groomer, kemang, blokM]);
    expect(ordered([groomer, kemang, blokM], 'price')).toEqual([blokM, kemang, groomer]);
  });
});
