import { once } from '#shared/lib/once.ts';
import { eventBridgeSchedules } from '#shared/scheduling/eventbridge-scheduler.ts';
import { remindersService } from './reminders.ts';
import { dynamoBookingStore } from './store.ts';

/** The reminders on the table with EventBridge Scheduler, built at first use (only the reminder handlers carry the Scheduler client). */
export const reminders = /* @__PURE__ */ once(() =>
  remindersService({ store: dynamoBookingStore(), schedules: eventBridgeSchedules() }),
);
