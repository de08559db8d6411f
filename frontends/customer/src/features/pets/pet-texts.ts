import type { TFunction } from 'i18next';
import { ageOf, type IsoDate, type Pet } from './pet-model';
import type { DueStatus, WeightTrend } from './record-groups';

/** "3 tahun 10 bulan", "5 bulan", "kurang dari 1 bulan"; null without a birth date. */
export function ageText(t: TFunction, birthDate: IsoDate | null, today: IsoDate): string | null {
  const age = ageOf(birthDate, today);
  if (!age) return null;
  const years = age.years > 0 ? t('pets.age.years', { count: age.years }) : '';
  const months = age.months > 0 ? t('pets.age.months', { count: age.months }) : '';
  if (years && months) return t('pets.age.both', { years, months });
  return years || months || t('pets.age.young');
}

/** "Kucing · Domestik · 3 tahun 10 bulan": what a pet is, in one line. */
export function petSummary(t: TFunction, pet: Pet, today: IsoDate): string {
  return [t(`pets.species.${pet.species}`), pet.breed, ageText(t, pet.birthDate, today)].filter(Boolean).join(' · ');
}

export function dueText(t: TFunction, due: DueStatus): string {
  if (due.kind === 'overdue') return t('pets.due.overdue', { count: due.days });
  if (due.days === 0) return t('pets.due.today');
  return t('pets.due.soon', { count: due.days });
}

/** "Berat terakhir 4,2 kg pada 1 Des 2026, naik 0,3 kg sejak 1 Sep 2026." */
export function weightSummary(
  t: TFunction,
  trend: WeightTrend,
  date: (iso: string) => string,
  kg: (value: number) => string,
): string {
  if (trend.kind === 'none') return '';
  const latest = { weight: kg(trend.latest.weightKg), date: date(trend.latest.date) };
  if (trend.kind === 'single') return t('pets.weight.single', latest);
  const since = date(trend.first.date);
  if (trend.deltaKg === 0) return t('pets.weight.same', { ...latest, since });
  return t(trend.deltaKg > 0 ? 'pets.weight.up' : 'pets.weight.down', {
    ...latest,
    delta: kg(Math.abs(trend.deltaKg)),
    since,
  });
}
