import { vendorStaffRole } from '#shared/table/vendor-staff.ts';
import { s3LabelStorage } from './label-storage.ts';
import { originsService, type OriginsService } from './origins.ts';
import { shipmentViewService, type ShipmentViewService } from './shipment-view.ts';
import type { RecordPorts } from './shipping-rules.ts';
import { dynamoShippingStore } from './store.ts';
import { trackingService, type TrackingService } from './tracking.ts';

/**
 * The use cases of each area on the table, built at first use: a handler builds (and bundles) only
 * its own area. The uploads bucket (label links) and the caller's role at a vendor (vendors' staff,
 * through the shared key) come only to reading a shipment. The areas that call the carrier, rates and
 * booking, are wired apart with Biteship and its Secrets Manager key (carrier-wiring.ts).
 */
let table: RecordPorts | undefined;
const onTable = (): RecordPorts => (table ??= { store: dynamoShippingStore() });

const built: { tracking?: TrackingService; shipments?: ShipmentViewService; origins?: OriginsService } = {};

export const tracking = () => (built.tracking ??= trackingService(onTable()));
export const shipments = () =>
  (built.shipments ??= shipmentViewService({ ...onTable(), labels: s3LabelStorage(), staffRole: vendorStaffRole }));
export const origins = () => (built.origins ??= originsService(onTable()));
