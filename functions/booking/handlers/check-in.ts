import { httpRoute, reply } from '#shared/http/route.ts';
import { manifest } from '../manifest.ts';
import { bookingView } from '../view.ts';
import { bookings, caller } from '../wiring.ts';

export const handler = httpRoute(manifest.routes.checkIn, async (request) => reply.ok(bookingView(await bookings().checkIn(caller(request), request.params.bookingId))));
