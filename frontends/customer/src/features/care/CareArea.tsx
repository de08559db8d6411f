import { useEffect, useMemo } from 'react';
import type { AreaProps } from '../../navigation';
import { ClinicsBloc } from './clinics-bloc';
import { FindCareScreen } from './FindCareScreen';
import type { CareRoute } from './routes';

/** Finding care: the clinic search, and a clinic's profile. */
export function CareArea({ route, services }: AreaProps<CareRoute>) {
  const clinics = useMemo(() => new ClinicsBloc(services.clinics), [services]);
  useEffect(() => () => clinics.close(), [clinics]);
  switch (route.screen) {
    case 'find':
    case 'clinic':
      return <FindCareScreen bloc={clinics} />;
  }
}
