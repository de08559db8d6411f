import { useEffect, useMemo } from 'react';
import type { AreaProps, Navigator } from '../../navigation';
import { ClinicProfileBloc } from './clinic-profile-bloc';
import { ApiClinicRepository, type CareRepository, type Place } from './clinic-repository';
import { ClinicProfileScreen } from './ClinicProfileScreen';
import { ExpoLocationSource } from '../../data/device-location';
import { FindCareBloc } from './find-care-bloc';
import { FindCareScreen, usePlaceName } from './FindCareScreen';
import type { CareRoute } from './routes';

/**
 * Finding care: the map-first clinic search and a clinic's profile. The search's Bloc lives as long
 * as the area, so back from a profile finds the list, filters and selection as they were.
 */
export function CareArea({ route, nav, services }: AreaProps<CareRoute>) {
  const clinics = useMemo(() => new ApiClinicRepository(services.api), [services]);
  const find = useMemo(() => new FindCareBloc(clinics, new ExpoLocationSource()), [clinics]);
  useEffect(() => () => find.close(), [find]);
  const placeName = usePlaceName(find.state.place);

  switch (route.screen) {
    case 'find':
      return (
        <FindCareScreen bloc={find} onOpenClinic={(vendorId) => nav.go({ area: 'care', screen: 'clinic', vendorId })} />
      );
    case 'clinic':
      return (
        <ClinicRoute
          key={route.vendorId}
          vendorId={route.vendorId}
          clinics={clinics}
          from={find.state.place}
          fromName={placeName}
          nav={nav}
        />
      );
  }
}

function ClinicRoute({
  vendorId,
  clinics,
  from,
  fromName,
  nav,
}: {
  vendorId: string;
  clinics: CareRepository;
  from: Place;
  fromName: string;
  nav: Navigator;
}) {
  const bloc = useMemo(() => new ClinicProfileBloc(clinics, vendorId), [clinics, vendorId]);
  useEffect(() => () => bloc.close(), [bloc]);
  return (
    <ClinicProfileScreen
      bloc={bloc}
      from={from}
      fromName={fromName}
      onBack={() => nav.back()}
      onBook={(clinicId, serviceId) => nav.go({ area: 'bookings', screen: 'book', vendorId: clinicId, serviceId })}
    />
  );
}
