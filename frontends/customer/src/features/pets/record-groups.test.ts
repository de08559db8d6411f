import { describe, expect, it } from 'vitest';
import { aRecord } from './fake-pet-repository';
import { chartGeometry, dueStatus, groupRecords, needingAttention, weightTrend } from './record-groups';

const TODAY = '2026-12-07';

describe('dueStatus', () => {
  it('is overdue after the date, due soon within 30 days (inclusive), scheduled beyond', () => {
    expect(dueStatus('2026-12-06', TODAY)).toEqual({ kind: 'overdue', days: 1 });
    expect(dueStatus('2026-12-07', TODAY)).toEqual({ kind: 'due-soon', days: 0 });
    expect(dueStatus('2027-01-06', TODAY)).toEqual({ kind: 'due-soon', days: 30 });
    expect(dueStatus('2027-01-07', TODAY)).toEqual({ kind: 'scheduled', days: 31 });
  });
});

describe('groupRecords', () => {
  const records = [
    aRecord({ kind: 'weight', date: '2026-10-01', weightKg: 3.9 }),
    aRecord({ kind: 'vaccination', date: '2025-11-01', vaccine: 'Rabies', nextDueDate: '2026-11-01' }),
    aRecord({ kind: 'vaccination', date: '2026-11-02', vaccine: 'rabies ', nextDueDate: '2027-11-02' }),
    aRecord({ kind: 'vaccination', date: '2026-01-10', vaccine: 'Tricat', nextDueDate: '2026-12-20' }),
    aRecord({ kind: 'treatment', date: '2026-06-01', title: 'Obat cacing', vetName: 'drh. Sari' }),
    aRecord({ kind: 'weight', date: '2026-12-01', weightKg: 4.2 }),
    aRecord({ kind: 'weight', date: '2026-11-01', weightKg: 4.0 }),
  ];

  it('puts each kind newest first and weights oldest first, for the chart', () => {
    const groups = groupRecords(records, TODAY);
    expect(groups.vaccinations.map((v) => v.date)).toEqual(['2026-11-02', '2026-01-10', '2025-11-01']);
    expect(groups.treatments).toEqual([
      expect.objectContaining({ title: 'Obat cacing', vetName: 'drh. Sari', date: '2026-06-01' }),
    ]);
    expect(groups.weights.map((w) => [w.date, w.weightKg])).toEqual([
      ['2026-10-01', 3.9],
      ['2026-11-01', 4.0],
      ['2026-12-01', 4.2],
    ]);
  });

  it("gives a due status only to each vaccine's newest dose (an older one's date was met by the newer)", () => {
    const [rabiesNew, tricat, rabiesOld] = groupRecords(records, TODAY).vaccinations;
    expect(rabiesNew?.due).toEqual({ kind: 'scheduled', days: 330 });
    expect(tricat?.due).toEqual({ kind: 'due-soon', days: 13 });
    expect(rabiesOld?.due).toBeNull(); // 2026-11-01 is past, but not overdue: the newer dose covers it
  });

  it('lists what needs attention, overdue first then the soonest', () => {
    const groups = groupRecords(
      [
        aRecord({ kind: 'vaccination', date: '2026-01-01', vaccine: 'A', nextDueDate: '2026-12-30' }),
        aRecord({ kind: 'vaccination', date: '2026-01-01', vaccine: 'B', nextDueDate: '2026-11-01' }),
        aRecord({ kind: 'vaccination', date: '2026-01-01', vaccine: 'C', nextDueDate: '2026-12-10' }),
        aRecord({ kind: 'vaccination', date: '2026-01-01', vaccine: 'D', nextDueDate: '2027-06-01' }),
        aRecord({ kind: 'vaccination', date: '2026-01-01', vaccine: 'E' }),
      ],
      TODAY,
    );
    expect(needingAttention(groups.vaccinations).map((v) => v.vaccine)).toEqual(['B', 'C', 'A']);
  });
});

describe('weightTrend', () => {
  it('compares the latest weight with the first shown, rounded as shown', () => {
    expect(weightTrend([])).toEqual({ kind: 'none' });
    const one = { recordId: 'a', date: '2026-11-01', weightKg: 3.9 };
    expect(weightTrend([one])).toEqual({ kind: 'single', latest: one });
    const two = { recordId: 'b', date: '2026-12-01', weightKg: 4.2 };
    expect(weightTrend([one, two])).toEqual({ kind: 'change', latest: two, first: one, deltaKg: 0.3 });
  });
});

describe('chartGeometry', () => {
  const weights = [
    { recordId: 'a', date: '2026-01-01', weightKg: 4 },
    { recordId: 'b', date: '2026-01-11', weightKg: 5 },
    { recordId: 'c', date: '2026-03-01', weightKg: 4.5 },
  ];

  it('places points by date (gaps show) and by weight, heavier higher', () => {
    const { points, plot } = chartGeometry(weights, 348, 180);
    expect(points[0]!.x).toBe(plot.left);
    expect(points[2]!.x).toBe(plot.right);
    // 10 of 59 days: a sixth of the way, not half.
    expect(points[1]!.x).toBeCloseTo(plot.left + (10 / 59) * (plot.right - plot.left));
    expect(points[1]!.y).toBeLessThan(points[2]!.y);
    expect(points[2]!.y).toBeLessThan(points[0]!.y);
    for (const point of points) {
      expect(point.y).toBeGreaterThanOrEqual(plot.top);
      expect(point.y).toBeLessThanOrEqual(plot.bottom);
    }
  });

  it('labels the kg axis bottom to top and the date axis at the ends, the middle only with room', () => {
    const wide = chartGeometry(weights, 348, 180);
    expect(wide.yTicks.map((t) => t.kg)).toEqual([3.5, 4, 4.5, 5, 5.5]);
    expect(wide.yTicks[0]!.y).toBeGreaterThan(wide.yTicks[2]!.y);
    // The middle weight is 10 days in: too close to the first label.
    expect(wide.xTicks.map((t) => t.date)).toEqual(['2026-01-01', '2026-03-01']);
    const spread = chartGeometry([weights[0]!, { ...weights[1]!, date: '2026-02-01' }, weights[2]!], 348, 180);
    expect(spread.xTicks.map((t) => t.date)).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
  });

  it('labels a big dog in round steps, never below 0 kg for a tiny one', () => {
    const dog = chartGeometry(
      [
        { recordId: 'a', date: '2026-01-01', weightKg: 28.3 },
        { recordId: 'b', date: '2026-06-01', weightKg: 31.9 },
      ],
      348,
      180,
    );
    expect(dog.yTicks.map((t) => t.kg)).toEqual([26, 28, 30, 32, 34]);
    const hamster = chartGeometry([{ recordId: 'a', date: '2026-01-01', weightKg: 0.1 }], 348, 180);
    expect(hamster.yTicks[0]!.kg).toBe(0);
  });

  it('puts a single weight mid-plot, with a range around it', () => {
    const { points, plot, yTicks, xTicks } = chartGeometry([weights[0]!], 300, 180);
    expect(points[0]!.x).toBe((plot.left + plot.right) / 2);
    expect(points[0]!.y).toBeCloseTo((plot.top + plot.bottom) / 2);
    expect(yTicks.map((t) => t.kg)).toEqual([3.8, 3.9, 4, 4.1, 4.2]);
    expect(xTicks).toHaveLength(1);
  });
});
