import { once } from '#shared/lib/once.ts';
import { ownedAddress } from '#shared/table/addresses.ts';
import { carrier } from './biteship.ts';
import { s3LabelStorage } from './label-storage.ts';
import { ratesService } from './rates.ts';
import { shipmentBookingService } from './shipment-booking.ts';
import { dynamoShippingStore } from './store.ts';

/**
 * The areas that call the carrier, on the table with Biteship, built at first use: only their
 * handlers carry the carrier adapter and the Secrets Manager key it reads. Customers' saved addresses
 * (the users domain's, through the shared key) come to both; the uploads bucket only to booking (labels).
 */
export const courierRates = /* @__PURE__ */ once(() =>
  ratesService({ store: dynamoShippingStore(), carrier: carrier(), address: ownedAddress }),
);
export const shipmentBookings = /* @__PURE__ */ once(() =>
  shipmentBookingService({
    store: dynamoShippingStore(),
    carrier: carrier(),
    labels: s3LabelStorage(),
    address: ownedAddress,
  }),
);
