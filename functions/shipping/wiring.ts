import { once } from '#shared/lib/once.ts';
import { vendorStaffRole } from '#shared/table/vendor-staff.ts';
import { s3LabelStorage } from './label-storage.ts';
import { originsService } from './origins.ts';
import { shipmentViewService } from './shipment-view.ts';
import type { RecordPorts } from './shipping-rules.ts';
import { dynamoShippingStore } from './store.ts';
import { trackingService } from './tracking.ts';

/**
 * The use cases of each area on the table, built at first use: a handler builds (and bundles) only
 * its own area. The uploads bucket (label links) and the caller's role at a vendor (vendors' staff,
 * through the shared key) come only to reading a shipment. The areas that call the carrier, rates and
 * booking, are wired apart with Biteship and its Secrets Manager key (carrier-wiring.ts).
 */
const onTable = /* @__PURE__ */ once((): RecordPorts => ({ store: dynamoShippingStore() }));

export const tracking = /* @__PURE__ */ once(() => trackingService(onTable()));
export const shipments = /* @__PURE__ */ once(() =>
  shipmentViewService({ ...onTable(), labels: s3LabelStorage(), staffRole: vendorStaffRole }),
);
export const origins = /* @__PURE__ */ once(() => originsService(onTable()));
