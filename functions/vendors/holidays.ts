import type { Schedule } from '#shared/lib/opening-hours.ts';

/**
 * Indonesian national public holidays (libur nasional) and collective leave (cuti bersama),
 * offered to vendors as schedule exceptions to add.
 *
 * The list follows the government decree (SKB 3 Menteri) and MUST be checked every year:
 * lunar holidays move ~11 days a year and the decree sometimes moves or adds days.
 * - 2026: SKB Menteri Agama, Menteri Ketenagakerjaan and Menteri PANRB No. 1497, 2 and 5
 *   of 2025 (17 holidays, 8 collective leave days).
 * - 2027: no decree yet when this was written. The dates are estimates (Kemenag-style MABIMS
 *   hisab for Islamic dates, the Vesak full moon, the Balinese calendar for Nyepi), and there
 *   is no cuti bersama until the decree sets it. Replace them with the decree's dates.
 */
export interface NationalHoliday {
  date: string;
  name: { id: string; en: string };
  kind: 'holiday' | 'collective_leave';
}

const holiday = (date: string, id: string, en: string): NationalHoliday => ({
  date,
  name: { id, en },
  kind: 'holiday',
});
const leave = (date: string, id: string, en: string): NationalHoliday => ({
  date,
  name: { id, en },
  kind: 'collective_leave',
});

/** Sorted by date. */
export const NATIONAL_HOLIDAYS: readonly NationalHoliday[] = [
  // 2026 (SKB No. 1497/2025, 2/2025, 5/2025)
  holiday('2026-01-01', 'Tahun Baru 2026 Masehi', "New Year's Day"),
  holiday('2026-01-16', 'Isra Mikraj Nabi Muhammad SAW', "Isra Mi'raj of the Prophet Muhammad"),
  leave('2026-02-16', 'Cuti Bersama Tahun Baru Imlek', 'Collective leave for Chinese New Year'),
  holiday('2026-02-17', 'Tahun Baru Imlek 2577 Kongzili', 'Chinese New Year'),
  leave('2026-03-18', 'Cuti Bersama Hari Suci Nyepi', 'Collective leave for Nyepi'),
  holiday('2026-03-19', 'Hari Suci Nyepi (Tahun Baru Saka 1948)', 'Nyepi (Balinese Day of Silence)'),
  leave('2026-03-20', 'Cuti Bersama Idul Fitri 1447 H', 'Collective leave for Eid al-Fitr'),
  holiday('2026-03-21', 'Idul Fitri 1447 H', 'Eid al-Fitr'),
  holiday('2026-03-22', 'Idul Fitri 1447 H (hari kedua)', 'Eid al-Fitr (second day)'),
  leave('2026-03-23', 'Cuti Bersama Idul Fitri 1447 H', 'Collective leave for Eid al-Fitr'),
  leave('2026-03-24', 'Cuti Bersama Idul Fitri 1447 H', 'Collective leave for Eid al-Fitr'),
  holiday('2026-04-03', 'Wafat Yesus Kristus', 'Good Friday'),
  holiday('2026-04-05', 'Kebangkitan Yesus Kristus (Paskah)', 'Easter Sunday'),
  holiday('2026-05-01', 'Hari Buruh Internasional', 'International Labour Day'),
  holiday('2026-05-14', 'Kenaikan Yesus Kristus', 'Ascension of Jesus Christ'),
  leave('2026-05-15', 'Cuti Bersama Kenaikan Yesus Kristus', 'Collective leave for Ascension Day'),
  holiday('2026-05-27', 'Idul Adha 1447 H', 'Eid al-Adha'),
  leave('2026-05-28', 'Cuti Bersama Idul Adha 1447 H', 'Collective leave for Eid al-Adha'),
  holiday('2026-05-31', 'Hari Raya Waisak 2570 BE', 'Vesak Day'),
  holiday('2026-06-01', 'Hari Lahir Pancasila', 'Pancasila Day'),
  holiday('2026-06-16', 'Tahun Baru Islam 1448 H', 'Islamic New Year'),
  holiday('2026-08-17', 'Hari Proklamasi Kemerdekaan RI', 'Independence Day'),
  holiday('2026-08-25', 'Maulid Nabi Muhammad SAW', "Prophet Muhammad's Birthday"),
  leave('2026-12-24', 'Cuti Bersama Hari Raya Natal', 'Collective leave for Christmas'),
  holiday('2026-12-25', 'Hari Raya Natal', 'Christmas Day'),

  // 2027 (estimates until the SKB for 2027 is published)
  holiday('2027-01-01', 'Tahun Baru 2027 Masehi', "New Year's Day"),
  holiday('2027-01-05', 'Isra Mikraj Nabi Muhammad SAW', "Isra Mi'raj of the Prophet Muhammad"),
  holiday('2027-02-06', 'Tahun Baru Imlek 2578 Kongzili', 'Chinese New Year'),
  holiday('2027-03-08', 'Hari Suci Nyepi (Tahun Baru Saka 1949)', 'Nyepi (Balinese Day of Silence)'),
  holiday('2027-03-10', 'Idul Fitri 1448 H', 'Eid al-Fitr'),
  holiday('2027-03-11', 'Idul Fitri 1448 H (hari kedua)', 'Eid al-Fitr (second day)'),
  holiday('2027-03-26', 'Wafat Yesus Kristus', 'Good Friday'),
  holiday('2027-03-28', 'Kebangkitan Yesus Kristus (Paskah)', 'Easter Sunday'),
  holiday('2027-05-01', 'Hari Buruh Internasional', 'International Labour Day'),
  holiday('2027-05-06', 'Kenaikan Yesus Kristus', 'Ascension of Jesus Christ'),
  holiday('2027-05-17', 'Idul Adha 1448 H', 'Eid al-Adha'),
  holiday('2027-05-20', 'Hari Raya Waisak 2571 BE', 'Vesak Day'),
  holiday('2027-06-01', 'Hari Lahir Pancasila', 'Pancasila Day'),
  holiday('2027-06-06', 'Tahun Baru Islam 1449 H', 'Islamic New Year'),
  holiday('2027-08-15', 'Maulid Nabi Muhammad SAW', "Prophet Muhammad's Birthday"),
  holiday('2027-08-17', 'Hari Proklamasi Kemerdekaan RI', 'Independence Day'),
  holiday('2027-12-25', 'Hari Raya Natal', 'Christmas Day'),
  // The Islamic year is shorter, so Rajab 1449 also falls in 2027.
  holiday('2027-12-26', 'Isra Mikraj Nabi Muhammad SAW', "Isra Mi'raj of the Prophet Muhammad"),
];

/** Holidays with from <= date <= to (YYYY-MM-DD) that the schedule has no exception for yet. */
export function holidaySuggestions(schedule: Schedule, from: string, to: string): NationalHoliday[] {
  const covered = new Set(schedule.exceptions.map((e) => e.date));
  return NATIONAL_HOLIDAYS.filter((h) => from <= h.date && h.date <= to && !covered.has(h.date));
}
