import type { EventEnvelope } from '../events/catalog.ts';

/**
 * One-time schedules that put a domain event on the bus at a given time (EventBridge Scheduler in
 * AWS, local/scheduler.ts on this machine). Subscribers receive exactly what the outbox forwarder
 * would have published: detail-type = the event type, source = its catalog source, detail = the
 * envelope. Build the envelope with `domainEvent()` when scheduling.
 *
 * Timing: delivery happens within the minute after `at` (Scheduler's precision is 60 s). A time in
 * the past, or less than a minute ahead, is delivered about a minute from now — callers that do not
 * want a late event (a reminder for an appointment that has already started) skip scheduling it.
 * Delivery is at least once: subscribers deduplicate by the envelope id, as for every event.
 */
export interface OneTimeSchedules {
  /** Creates (or, same name, replaces) a schedule that puts `event` on the bus at `at`. */
  scheduleEvent(name: string, at: Date, event: EventEnvelope): Promise<void>;
  /** Deletes it; a schedule that does not exist (already fired, never made) is fine. */
  cancel(name: string): Promise<void>;
}

/** Scheduler's rule for schedule names: 1–64 characters of `[0-9a-zA-Z-_.]`. */
export const SCHEDULE_NAME_PATTERN = /^[0-9a-zA-Z_.-]{1,64}$/;
export const SCHEDULE_NAME_MAX_LENGTH = 64;

/** Throws a clear error for a name Scheduler would refuse (callers build names from ids, e.g. `booking.<id>.day_before`). */
export function assertScheduleName(name: string): void {
  if (!SCHEDULE_NAME_PATTERN.test(name)) {
    throw new Error(
      `invalid one-time schedule name ${JSON.stringify(name)}: use 1-${SCHEDULE_NAME_MAX_LENGTH} characters of letters, digits, '-', '_' and '.' (it has ${name.length})`,
    );
  }
}
