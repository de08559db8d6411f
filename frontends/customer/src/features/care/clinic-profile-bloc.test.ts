import { ApiProblem, OfflineError } from '@petpro/api-client';
import { describe, expect, it } from 'vitest';
import { ClinicProfileBloc, type ClinicProfileState } from './clinic-profile-bloc';
import { FakeCareRepository, kemangProfile } from './fakes';

const review = {
  reviewId: 'r1',
  authorName: 'Budi S.',
  rating: 5,
  comment: 'Dokternya ramah.',
  createdAt: '2026-12-01T03:00:00.000Z',
};

describe('ClinicProfileBloc', () => {
  it("loads the clinic's profile and its latest reviews", async () => {
    const clinics = new FakeCareRepository();
    clinics.reviews = [review];
    const bloc = new ClinicProfileBloc(clinics, 'v-kemang');
    const seen: ClinicProfileState['status'][] = [];
    bloc.subscribe((state) => seen.push(state.status));
    await bloc.add({ type: 'load-requested' });
    expect(seen).toEqual(['loading', 'loaded']);
    expect(clinics.profilesAsked).toEqual(['v-kemang']);
    expect(bloc.state).toEqual({ status: 'loaded', vendorId: 'v-kemang', clinic: kemangProfile, reviews: [review] });
  });

  it('still shows the profile when only the reviews fail', async () => {
    const clinics = new FakeCareRepository();
    clinics.reviews = new TypeError('reviews down');
    const bloc = new ClinicProfileBloc(clinics, 'v-kemang');
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'loaded', clinic: kemangProfile, reviews: null });
  });

  it("shows the API's problem for a clinic that is not listed, and retries", async () => {
    const clinics = new FakeCareRepository();
    clinics.profile = new ApiProblem({
      status: 404,
      type: 'https://petpro.id/problems/not-found',
      title: 'Tidak ditemukan',
      detail: 'Data yang diminta tidak ada.',
    });
    const bloc = new ClinicProfileBloc(clinics, 'v-gone');
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({
      status: 'error',
      error: { kind: 'problem', status: 404, title: 'Tidak ditemukan' },
    });
    clinics.profile = kemangProfile;
    await bloc.add({ type: 'retry-requested' });
    expect(bloc.state).toMatchObject({ status: 'loaded', clinic: kemangProfile });
    expect(clinics.profilesAsked).toEqual(['v-gone', 'v-gone']);
  });

  it('says so in both languages when offline', async () => {
    const clinics = new FakeCareRepository();
    clinics.profile = new OfflineError('id');
    const bloc = new ClinicProfileBloc(clinics, 'v-kemang');
    await bloc.add({ type: 'load-requested' });
    expect(bloc.state).toMatchObject({ status: 'error', error: { kind: 'message' } });
  });
});
