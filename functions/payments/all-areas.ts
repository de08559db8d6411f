import { lifecycleService } from './lifecycle.ts';
import type { PaymentsPorts } from './payment-rules.ts';
import { notificationsService } from './provider-notifications.ts';
import { readsService } from './reads.ts';
import { reconciliationService } from './reconciliation.ts';

/** Every area's use cases on the same ports, as one object: for tests and tools; each handler builds only its own area (wiring.ts). */
export function allAreas(ports: PaymentsPorts) {
  return {
    ...lifecycleService(ports),
    ...notificationsService(ports),
    ...reconciliationService(ports),
    ...readsService(ports),
  };
}
