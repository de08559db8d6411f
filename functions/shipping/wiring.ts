import { ownedAddress } from '#shared/table/addresses.ts';
import { vendorStaffRole } from '#shared/table/vendor-staff.ts';
import { carrier } from './biteship.ts';
import { s3LabelStorage } from './label-storage.ts';
import { shippingService, type ShippingService } from './shipping.ts';
import { dynamoShippingStore } from './store.ts';

/** The shipping use cases on the table, Biteship and the uploads bucket, built at first use. */
let service: ShippingService | undefined;

export function shipping(): ShippingService {
  service ??= shippingService({
    store: dynamoShippingStore(),
    carrier: carrier(),
    labels: s3LabelStorage(),
    address: ownedAddress,
    staffRole: vendorStaffRole,
  });
  return service;
}
