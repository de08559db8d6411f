import { eventBridgeSchedules } from '#shared/scheduling/eventbridge-scheduler.ts';
import { remindersService, type RemindersService } from './reminders.ts';
import { dynamoBookingStore } from './store.ts';

/** The reminders on the table with EventBridge Scheduler, built at first use (only the reminder handlers carry the Scheduler client). */
let service: RemindersService | undefined;

export const reminders = () =>
  (service ??= remindersService({ store: dynamoBookingStore(), schedules: eventBridgeSchedules() }));
