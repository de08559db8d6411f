import { daysBetween, type IsoDate, type PetRecord } from './pet-model';

/** How close a vaccination's next dose is: overdue, within DUE_SOON_DAYS, or later. */
export type DueStatus =
  { kind: 'overdue'; days: number } | { kind: 'due-soon'; days: number } | { kind: 'scheduled'; days: number };

export const DUE_SOON_DAYS = 30;

export interface VaccinationView {
  recordId: string;
  vaccine: string;
  date: IsoDate;
  nextDueDate: IsoDate | null;
  vetName: string | null;
  notes: string | null;
  /**
   * Only the newest dose of each vaccine carries a status: an older dose's due date was met (or
   * replaced) by the newer one, so highlighting it would raise a false alarm.
   */
  due: DueStatus | null;
}

export interface TreatmentView {
  recordId: string;
  title: string;
  date: IsoDate;
  vetName: string | null;
  notes: string | null;
}

export interface WeightPoint {
  recordId: string;
  date: IsoDate;
  weightKg: number;
}

/** What the pet detail shows of the records: each kind newest first, weights oldest first (the chart). */
export interface RecordGroups {
  vaccinations: VaccinationView[];
  treatments: TreatmentView[];
  weights: WeightPoint[];
}

export function dueStatus(nextDueDate: IsoDate, today: IsoDate): DueStatus {
  const days = daysBetween(today, nextDueDate);
  if (days < 0) return { kind: 'overdue', days: -days };
  if (days <= DUE_SOON_DAYS) return { kind: 'due-soon', days };
  return { kind: 'scheduled', days };
}

/** Newest first by date; the same day's records by when they were written. */
function newestFirst(a: PetRecord, b: PetRecord): number {
  return b.date.localeCompare(a.date) || b.createdAt.localeCompare(a.createdAt);
}

export function groupRecords(records: readonly PetRecord[], today: IsoDate): RecordGroups {
  const sorted = [...records].sort(newestFirst);
  const seenVaccines = new Set<string>();
  const vaccinations: VaccinationView[] = [];
  const treatments: TreatmentView[] = [];
  const weights: WeightPoint[] = [];
  for (const record of sorted) {
    if (record.kind === 'vaccination') {
      const vaccine = record.vaccine ?? '';
      const key = vaccine.trim().toLowerCase();
      const newestOfItsVaccine = !seenVaccines.has(key);
      seenVaccines.add(key);
      vaccinations.push({
        recordId: record.recordId,
        vaccine,
        date: record.date,
        nextDueDate: record.nextDueDate ?? null,
        vetName: record.vetName ?? null,
        notes: record.notes ?? null,
        due: newestOfItsVaccine && record.nextDueDate ? dueStatus(record.nextDueDate, today) : null,
      });
    } else if (record.kind === 'treatment') {
      treatments.push({
        recordId: record.recordId,
        title: record.title ?? '',
        date: record.date,
        vetName: record.vetName ?? null,
        notes: record.notes ?? null,
      });
    } else if (record.weightKg !== undefined) {
      weights.push({ recordId: record.recordId, date: record.date, weightKg: record.weightKg });
    }
  }
  weights.reverse();
  return { vaccinations, treatments, weights };
}

/** The vaccinations that need attention (overdue first, then the soonest), for the detail's header. */
export function needingAttention(vaccinations: readonly VaccinationView[]): VaccinationView[] {
  const rank = (v: VaccinationView) =>
    v.due?.kind === 'overdue' ? -v.due.days : v.due?.kind === 'due-soon' ? v.due.days : Number.POSITIVE_INFINITY;
  return vaccinations.filter((v) => v.due && v.due.kind !== 'scheduled').sort((a, b) => rank(a) - rank(b));
}

export type WeightTrend =
  | { kind: 'none' }
  | { kind: 'single'; latest: WeightPoint }
  | { kind: 'change'; latest: WeightPoint; first: WeightPoint; deltaKg: number };

/** The latest weight and how it changed since the first one shown (rounded to 0.1 kg, as shown). */
export function weightTrend(weights: readonly WeightPoint[]): WeightTrend {
  const latest = weights.at(-1);
  const first = weights[0];
  if (!latest || !first) return { kind: 'none' };
  if (weights.length === 1) return { kind: 'single', latest };
  const deltaKg = Math.round((latest.weightKg - first.weightKg) * 10) / 10;
  return { kind: 'change', latest, first, deltaKg };
}

/** The kg axis is cut in about this many steps. */
const Y_INTERVALS = 4;
const NICE_STEPS = [0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50];

/** The smallest round step at least `raw` kg. */
function niceStep(raw: number): number {
  return NICE_STEPS.find((step) => step >= raw) ?? 50;
}

export interface ChartGeometry {
  /** The line's points, in the plot's pixels. */
  points: { x: number; y: number; point: WeightPoint }[];
  /** The y axis' labelled values (kg), bottom to top, with their pixel heights. */
  yTicks: { kg: number; y: number }[];
  /** The x axis' labelled dates (first, last, and the middle one when there are more than two). */
  xTicks: { date: IsoDate; x: number }[];
  plot: { left: number; top: number; right: number; bottom: number };
}

/**
 * Where the weight chart's points and labels go in a `width`×`height` box: x by date (days apart,
 * not by index, so gaps show), y by kg with a margin so a flat line sits mid-plot.
 */
export function chartGeometry(
  weights: readonly WeightPoint[],
  width: number,
  height: number,
  margins = { left: 48, right: 16, top: 12, bottom: 32 },
): ChartGeometry {
  const plot = {
    left: margins.left,
    top: margins.top,
    right: Math.max(margins.left + 1, width - margins.right),
    bottom: Math.max(margins.top + 1, height - margins.bottom),
  };
  const first = weights[0];
  const last = weights.at(-1);
  if (!first || !last) return { points: [], yTicks: [], xTicks: [], plot };
  const kgs = weights.map((w) => w.weightKg);
  // Round kg labels (3,5 · 4,0 · 4,5…) a little beyond the weights, so a flat line sits mid-plot.
  const lightest = Math.min(...kgs);
  const heaviest = Math.max(...kgs);
  const pad = Math.max((heaviest - lightest) * 0.15, 0.2);
  const step = niceStep((heaviest - lightest + 2 * pad) / Y_INTERVALS);
  // (the epsilon: 3.8 / 0.1 is 37.99… in floating point)
  const low = Math.max(0, Math.floor((lightest - pad) / step + 1e-9) * step);
  const high = Math.ceil((heaviest + pad) / step - 1e-9) * step;
  const span = Math.max(daysBetween(first.date, last.date), 0);
  const xOf = (date: IsoDate) =>
    span === 0
      ? (plot.left + plot.right) / 2
      : plot.left + (daysBetween(first.date, date) / span) * (plot.right - plot.left);
  const yOf = (kg: number) => plot.bottom - ((kg - low) / (high - low)) * (plot.bottom - plot.top);
  const points = weights.map((point) => ({ x: xOf(point.date), y: yOf(point.weightKg), point }));
  const round = (kg: number) => Math.round(kg * 100) / 100;
  const yTicks: ChartGeometry['yTicks'] = [];
  for (let kg = low; kg <= high + step / 2; kg += step) yTicks.push({ kg: round(kg), y: yOf(kg) });
  const ends = [first, last].map((w) => ({ date: w.date, x: xOf(w.date) }));
  const middle = weights.length > 2 ? weights[Math.floor(weights.length / 2)]! : undefined;
  const middleX = middle ? xOf(middle.date) : 0;
  // A middle label too close to an end one would overlap it (a date label is ~80 px wide).
  const roomForMiddle = middle && middleX - ends[0]!.x >= 90 && ends[1]!.x - middleX >= 90;
  const xTicks =
    span === 0 ? [ends[0]!] : roomForMiddle ? [ends[0]!, { date: middle.date, x: middleX }, ends[1]!] : ends;
  return { points, yTicks, xTicks, plot };
}
