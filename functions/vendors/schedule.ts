import type { Caller } from '#shared/auth/caller.ts';
import { refuse } from '#shared/lib/refusal.ts';
import { retryOnConflict } from '#shared/lib/retry-on-conflict.ts';
import { scheduleProblems, type Schedule } from '#shared/lib/opening-hours.ts';
import { DEFAULT_BOOKING_POLICY, type BookingPolicy } from '#shared/lib/booking-policy.ts';
import { holidaySuggestions, NATIONAL_HOLIDAYS, type NationalHoliday } from './holidays.ts';
import type { ScheduleRecord } from './model.ts';
import { DEFAULT_SCHEDULE, RETRY, timeZoneOfProvince, vendorRules, type RecordPorts } from './vendors.ts';

/** When a vendor is open (weekly hours, exceptions, national holidays) and its booking rules; each change relists it. */
export function scheduleService(ports: RecordPorts) {
  const { store, now, access, bump } = vendorRules(ports);

  /**
   * Reads the schedule, changes it and commits it with the vendor's next version and listing, all
   * conditioned on what was read (a lost race reads and changes again). `ifMatch`: the schedule
   * version the caller last saw.
   */
  async function saveSchedule(
    caller: Caller,
    vendorId: string,
    change: (current: Schedule) => Schedule,
    ifMatch?: number,
  ): Promise<Schedule & { version: number }> {
    return retryOnConflict(RETRY, async () => {
      const { vendor } = await access(caller, vendorId, 'manage');
      const current = await store.getSchedule(vendorId);
      if (ifMatch !== undefined && ifMatch !== (current?.version ?? 0)) throw refuse.conflict('version-mismatch');
      const changed = change(current?.schedule ?? DEFAULT_SCHEDULE(timeZoneOfProvince(vendor.address.province)));
      const sorted: Schedule = {
        ...changed,
        exceptions: [...changed.exceptions].sort((a, b) => a.date.localeCompare(b.date)),
      };
      const record: ScheduleRecord = {
        vendorId,
        schedule: sorted,
        version: (current?.version ?? 0) + 1,
        updatedAt: now().toISOString(),
      };
      const { writes, events } = await bump(vendor, {}, caller, { schedule: sorted });
      writes.push({ type: 'schedule', item: record, expectedVersion: current?.version ?? null });
      await store.commit(writes, events);
      return { ...sorted, version: record.version };
    });
  }

  const service = {
    async getSchedule(caller: Caller, vendorId: string): Promise<Schedule & { version: number }> {
      const { vendor } = await access(caller, vendorId, 'view');
      const record = await store.getSchedule(vendorId);
      return {
        ...(record?.schedule ?? DEFAULT_SCHEDULE(timeZoneOfProvince(vendor.address.province))),
        version: record?.version ?? 0,
      };
    },

    async putSchedule(
      caller: Caller,
      vendorId: string,
      schedule: Schedule,
      ifMatch?: number,
    ): Promise<Schedule & { version: number }> {
      const errors = scheduleProblems(schedule);
      if (errors.length > 0) throw refuse.invalid('schedule-invalid', errors);
      return saveSchedule(caller, vendorId, () => schedule, ifMatch);
    },

    async getBookingPolicy(caller: Caller, vendorId: string): Promise<BookingPolicy & { version: number }> {
      const { vendor } = await access(caller, vendorId, 'view');
      return { ...(vendor.bookingPolicy ?? DEFAULT_BOOKING_POLICY), version: vendor.version };
    },

    /** Lead time, horizon and the free-cancellation cutoff; booking receives them with the listing. */
    async putBookingPolicy(
      caller: Caller,
      vendorId: string,
      policy: BookingPolicy,
      ifMatch?: number,
    ): Promise<BookingPolicy & { version: number }> {
      return retryOnConflict(RETRY, async () => {
        const { vendor } = await access(caller, vendorId, 'manage');
        if (ifMatch !== undefined && ifMatch !== vendor.version) throw refuse.conflict('version-mismatch');
        const { vendor: after, writes, events } = await bump(vendor, { bookingPolicy: { ...policy } }, caller);
        await store.commit(writes, events);
        return { ...policy, version: after.version };
      });
    },

    async holidaySuggestions(caller: Caller, vendorId: string, from: string, to: string): Promise<NationalHoliday[]> {
      const schedule = await service.getSchedule(caller, vendorId);
      return holidaySuggestions(schedule, from, to);
    },

    /** Adds the chosen national holidays as closed days. */
    async acceptHolidays(caller: Caller, vendorId: string, dates: string[]): Promise<Schedule & { version: number }> {
      const unknown = dates.filter((date) => !NATIONAL_HOLIDAYS.some((holiday) => holiday.date === date));
      if (unknown.length > 0)
        throw refuse.invalid(
          'validation',
          unknown.map((date) => ({ path: 'body.dates', message: `${date} is not a national holiday` })),
        );
      return saveSchedule(caller, vendorId, (schedule) => {
        const existing = new Set(schedule.exceptions.map((exception) => exception.date));
        const added = NATIONAL_HOLIDAYS.filter(
          (holiday) => dates.includes(holiday.date) && !existing.has(holiday.date),
        ).map((holiday) => ({ date: holiday.date, closed: true, note: holiday.name.id }));
        return { ...schedule, exceptions: [...schedule.exceptions, ...added] };
      });
    },
  };
  return service;
}

export type ScheduleService = ReturnType<typeof scheduleService>;
