import { DEFAULT_PLACE, type ClinicRepository, type ClinicSummary, type Place } from './clinic-repository';
import { toErrorView, type ErrorView } from '../../data/errors';
import { Bloc, type Emit } from '../../bloc/bloc';

export type ClinicsEvent = { type: 'load-requested'; place?: Place } | { type: 'retry-requested' };

export type ClinicsState =
  | { status: 'idle'; place: Place }
  | { status: 'loading'; place: Place; clinics: readonly ClinicSummary[] }
  | { status: 'loaded'; place: Place; clinics: readonly ClinicSummary[] }
  | { status: 'error'; place: Place; error: ErrorView };

/** Find care's ViewModel: the clinics around a place (Kemang, Jakarta Selatan, until told otherwise). */
export class ClinicsBloc extends Bloc<ClinicsEvent, ClinicsState> {
  readonly #clinics: ClinicRepository;

  constructor(clinics: ClinicRepository, place: Place = DEFAULT_PLACE) {
    super({ status: 'idle', place });
    this.#clinics = clinics;
  }

  protected override async handle(event: ClinicsEvent, emit: Emit<ClinicsState>): Promise<void> {
    const place = event.type === 'load-requested' && event.place ? event.place : this.state.place;
    // While reloading, the list already shown stays on screen.
    const shown = this.state.status === 'loaded' || this.state.status === 'loading' ? this.state.clinics : [];
    emit({ status: 'loading', place, clinics: shown });
    try {
      emit({ status: 'loaded', place, clinics: await this.#clinics.searchNear(place) });
    } catch (error) {
      emit({ status: 'error', place, error: toErrorView(error) });
    }
  }
}
