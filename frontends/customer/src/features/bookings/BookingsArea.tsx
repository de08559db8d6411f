import { randomUUID } from 'expo-crypto';
import { useCallback, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { AreaProps, Navigator } from '../../navigation';
import { BookBloc } from './book-bloc';
import { BookingDetailBloc } from './booking-detail-bloc';
import type { Booking } from './booking-model';
import { ApiBookingsRepository, type BookingsRepository } from './bookings-repository';
import { BookingDetailScreen, type DetailActions } from './BookingDetailScreen';
import { BookScreen } from './BookScreen';
import { saveCalendarFile } from './calendar-file';
import { MyBookingsBloc } from './my-bookings-bloc';
import { MyBookingsScreen } from './MyBookingsScreen';
import { RescheduleBloc } from './reschedule-bloc';
import { RescheduleScreen } from './RescheduleScreen';
import type { BookingsRoute } from './routes';

/**
 * The bookings area, its composition root: one repository over the API client and the offline cache,
 * a Bloc per screen (closed when the screen goes).
 */
export function BookingsArea({ route, nav, services }: AreaProps<BookingsRoute>) {
  const repository = useMemo(() => new ApiBookingsRepository(services.api, services.cache), [services]);
  switch (route.screen) {
    case 'list':
      return <ListRoute repository={repository} nav={nav} />;
    case 'detail':
      return <DetailRoute repository={repository} nav={nav} bookingId={route.bookingId} />;
    case 'book':
      return <BookRoute repository={repository} nav={nav} vendorId={route.vendorId} serviceId={route.serviceId} />;
    case 'reschedule':
      return <RescheduleRoute repository={repository} nav={nav} bookingId={route.bookingId} />;
  }
}

interface RouteProps {
  repository: BookingsRepository;
  nav: Navigator;
}

/** A Bloc made for a screen's inputs, closed when they change or the screen goes. */
function useScreenBloc<B extends { close(): void }>(make: () => B, inputs: readonly unknown[]): B {
  const bloc = useMemo(make, inputs);
  useEffect(() => () => bloc.close(), [bloc]);
  return bloc;
}

function ListRoute({ repository, nav }: RouteProps) {
  const bloc = useScreenBloc(() => new MyBookingsBloc(repository), [repository]);
  return (
    <MyBookingsScreen
      bloc={bloc}
      onOpen={(booking) => nav.go({ area: 'bookings', screen: 'detail', bookingId: booking.bookingId })}
      onFindCare={() => nav.go({ area: 'care', screen: 'find' })}
    />
  );
}

function DetailRoute({ repository, nav, bookingId }: RouteProps & { bookingId: string }) {
  const { t } = useTranslation();
  const bloc = useScreenBloc(
    () =>
      new BookingDetailBloc(repository, bookingId, (name, text) =>
        saveCalendarFile(name, text, t('bookings.detail.calendar')),
      ),
    [repository, bookingId],
  );
  const actions: DetailActions = {
    onBack: () => nav.back(),
    onReschedule: (booking) => nav.go({ area: 'bookings', screen: 'reschedule', bookingId: booking.bookingId }),
    onBookAgain: (booking) =>
      nav.go({ area: 'bookings', screen: 'book', vendorId: booking.vendorId, serviceId: booking.serviceId }),
  };
  return <BookingDetailScreen bloc={bloc} actions={actions} />;
}

function BookRoute({
  repository,
  nav,
  vendorId,
  serviceId,
}: RouteProps & { vendorId: string; serviceId?: string | undefined }) {
  const bloc = useScreenBloc(
    () => new BookBloc(repository, { vendorId, ...(serviceId ? { serviceId } : {}) }, randomUUID),
    [repository, vendorId, serviceId],
  );
  // The booking replaces the form: back from it returns to where booking started.
  const onBooked = useCallback(
    (booking: Booking) => nav.replace({ area: 'bookings', screen: 'detail', bookingId: booking.bookingId }),
    [nav],
  );
  return (
    <BookScreen
      bloc={bloc}
      onBooked={onBooked}
      onAddPet={() => nav.go({ area: 'pets', screen: 'edit' })}
      onBack={() => nav.back()}
    />
  );
}

function RescheduleRoute({ repository, nav, bookingId }: RouteProps & { bookingId: string }) {
  const bloc = useScreenBloc(() => new RescheduleBloc(repository, bookingId), [repository, bookingId]);
  const onMoved = useCallback(() => nav.back(), [nav]);
  return <RescheduleScreen bloc={bloc} onMoved={onMoved} onBack={() => nav.back()} />;
}
