import { Bloc, type Emit } from '../../bloc/bloc';
import { toErrorView, type ErrorView } from '../../data/errors';
import type { CareRepository, ClinicProfile, Review } from './clinic-repository';

/** How many of the latest reviews a profile shows. */
export const REVIEWS_SHOWN = 5;

export type ClinicProfileState =
  | { status: 'loading'; vendorId: string }
  | {
      status: 'loaded';
      vendorId: string;
      clinic: ClinicProfile;
      /** Null when they could not be read: the profile is still worth showing without them. */
      reviews: readonly Review[] | null;
    }
  | { status: 'error'; vendorId: string; error: ErrorView };

export type ClinicProfileEvent = { type: 'load-requested' } | { type: 'retry-requested' };

/** A clinic's profile: what it offers (each service bookable), when it is open, what customers said. */
export class ClinicProfileBloc extends Bloc<ClinicProfileEvent, ClinicProfileState> {
  readonly #clinics: CareRepository;

  constructor(clinics: CareRepository, vendorId: string) {
    super({ status: 'loading', vendorId });
    this.#clinics = clinics;
  }

  protected override async handle(_event: ClinicProfileEvent, emit: Emit<ClinicProfileState>): Promise<void> {
    const { vendorId } = this.state;
    emit({ status: 'loading', vendorId });
    // Both at once; the reviews' failure alone does not fail the profile.
    const reviews = this.#clinics.latestReviews(vendorId, REVIEWS_SHOWN).catch(() => null);
    try {
      const clinic = await this.#clinics.getClinic(vendorId);
      emit({ status: 'loaded', vendorId, clinic, reviews: await reviews });
    } catch (error) {
      await reviews;
      emit({ status: 'error', vendorId, error: toErrorView(error) });
    }
  }
}
