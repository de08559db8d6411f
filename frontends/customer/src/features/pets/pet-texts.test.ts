import { describe, expect, it } from 'vitest';
import { createI18n, formatDecimal } from '../../i18n/i18n';
import { aPet } from './fake-pet-repository';
import { formatPlainDate } from './pet-model';
import { ageText, dueText, petSummary, weightSummary } from './pet-texts';
import { weightTrend } from './record-groups';

const TODAY = '2026-12-07';
const first = { recordId: 'a', date: '2026-09-01', weightKg: 3.9 };
const latest = { recordId: 'b', date: '2026-12-01', weightKg: 4.2 };

describe('pet texts', () => {
  it('says a pet’s age and what it is, in Bahasa Indonesia', () => {
    const { t } = createI18n('id');
    expect(ageText(t, '2023-02-01', TODAY)).toBe('3 tahun 10 bulan');
    expect(ageText(t, '2025-12-01', TODAY)).toBe('1 tahun');
    expect(ageText(t, '2026-11-20', TODAY)).toBe('kurang dari 1 bulan');
    expect(ageText(t, null, TODAY)).toBeNull();
    expect(petSummary(t, aPet({ species: 'guinea_pig', breed: null, birthDate: '2026-07-01' }), TODAY)).toBe(
      'Marmut · 5 bulan',
    );
  });

  it('and in English, with plurals', async () => {
    const i18n = createI18n('en');
    expect(ageText(i18n.t, '2025-11-01', TODAY)).toBe('1 year 1 month');
    expect(dueText(i18n.t, { kind: 'overdue', days: 1 })).toBe('1 day overdue');
    expect(dueText(i18n.t, { kind: 'due-soon', days: 0 })).toBe('Due today');
    expect(dueText(i18n.t, { kind: 'due-soon', days: 12 })).toBe('Due in 12 days');
  });

  it('sums the weights up as the chart’s text: latest, and the change since the first', () => {
    const { t } = createI18n('id');
    const date = (iso: string) => formatPlainDate(iso, 'id');
    const kg = (value: number) => formatDecimal(value, 'id');
    expect(weightSummary(t, weightTrend([first, latest]), date, kg)).toBe(
      'Berat terakhir 4,2 kg pada 1 Des 2026, naik 0,3 kg sejak 1 Sep 2026.',
    );
    expect(weightSummary(t, weightTrend([latest, { ...first, date: '2026-12-05' }]), date, kg)).toBe(
      'Berat terakhir 3,9 kg pada 5 Des 2026, turun 0,3 kg sejak 1 Des 2026.',
    );
    expect(weightSummary(t, weightTrend([first, { ...latest, weightKg: 3.9 }]), date, kg)).toBe(
      'Berat terakhir 3,9 kg pada 1 Des 2026, tetap sejak 1 Sep 2026.',
    );
    expect(weightSummary(t, weightTrend([latest]), date, kg)).toBe('Berat terakhir 4,2 kg pada 1 Des 2026.');
    expect(weightSummary(t, weightTrend([]), date, kg)).toBe('');
  });
});
