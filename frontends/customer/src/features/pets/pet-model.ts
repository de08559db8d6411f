import type { Locale, operations } from '@petpro/api-client';

/** A pet as the API answers it (`getPet`, `listPets` items). */
export type Pet = operations['getPet']['responses'][200]['content']['application/json'];
/** A vaccination, treatment or weight (`listPetRecords` items). */
export type PetRecord = operations['listPetRecords']['responses'][200]['content']['application/json']['items'][number];
export type PetInput = operations['addPet']['requestBody']['content']['application/json'];
export type PetPatch = operations['updatePet']['requestBody']['content']['application/json'];
export type RecordInput = operations['addPetRecord']['requestBody']['content']['application/json'];
export type PhotoUpload = operations['requestPetPhotoUpload']['responses'][200]['content']['application/json'];

export type Species = Pet['species'];
export type Sex = Pet['sex'];
export type RecordKind = PetRecord['kind'];
export type PhotoType =
  operations['requestPetPhotoUpload']['requestBody']['content']['application/json']['contentType'];

/** The API's species enum, in the order the form offers them. */
export const SPECIES = [
  'dog',
  'cat',
  'rabbit',
  'bird',
  'hamster',
  'guinea_pig',
  'fish',
  'reptile',
  'other',
] as const satisfies readonly Species[];
export const SEXES = ['male', 'female', 'unknown'] as const satisfies readonly Sex[];
export const RECORD_KINDS = ['vaccination', 'treatment', 'weight'] as const satisfies readonly RecordKind[];
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const satisfies readonly PhotoType[];
/** The API refuses photos above 5 MiB (requestPetPhotoUpload's sizeBytes maximum). */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;

/** The API's limits (openapi.json), checked before asking it. */
export const LIMITS = { name: 60, breed: 80, notes: 1000, vaccine: 100, title: 100, vetName: 100, weightKg: 200 };

/** A plain calendar date, `YYYY-MM-DD` (the API's `format: date`). */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_FIRST = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function isoOf(year: number, month: number, day: number): IsoDate | null {
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31/02 over to March: a real date survives the round trip.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${year}-${pad(month)}-${pad(day)}`;
}

/**
 * What a person types as a date: `15/03/2022`, `15-3-2022`, `15.03.2022` (day first, as Indonesians
 * write it) or `2022-03-15`. Null when it is not a real calendar date.
 */
export function parseDateInput(text: string): IsoDate | null {
  const trimmed = text.trim();
  const iso = ISO_DATE.exec(trimmed);
  if (iso) return isoOf(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const dayFirst = DAY_FIRST.exec(trimmed);
  if (dayFirst) return isoOf(Number(dayFirst[3]), Number(dayFirst[2]), Number(dayFirst[1]));
  return null;
}

/** `2022-03-15` → `15/03/2022`, how the form shows a date it was given. */
export function toDateInput(date: IsoDate | null | undefined): string {
  const iso = date ? ISO_DATE.exec(date) : null;
  return iso ? `${iso[3]}/${iso[2]}/${iso[1]}` : '';
}

/** The device's calendar date (the customer's "today"). */
export function localToday(now: Date = new Date()): IsoDate {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** `4,2` or `4.2` (Indonesians write a decimal comma) → 4.2; null when it is not a number. */
export function parseDecimalInput(text: string): number | null {
  const normalised = text.trim().replace(',', '.');
  if (!/^\d+(\.\d+)?$/.test(normalised)) return null;
  return Number(normalised);
}

/** 4.2 → `4,2` in Indonesian, `4.2` in English: what the weight field shows. */
export function toDecimalInput(value: number | null | undefined, locale: Locale): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return locale === 'id' ? text.replace('.', ',') : text;
}

/** A pet's age on `today` in whole years and months, or null without a (valid, past) birth date. */
export function ageOf(birthDate: IsoDate | null, today: IsoDate): { years: number; months: number } | null {
  const born = birthDate ? ISO_DATE.exec(birthDate) : null;
  const now = ISO_DATE.exec(today);
  if (!born || !now) return null;
  let months = (Number(now[1]) - Number(born[1])) * 12 + (Number(now[2]) - Number(born[2]));
  if (Number(now[3]) < Number(born[3])) months -= 1; // the month is not complete yet
  if (months < 0) return null;
  return { years: Math.floor(months / 12), months: months % 12 };
}

/** A plain date in words: `15 Mar 2022` (the same day everywhere: formatted in UTC). */
export function formatPlainDate(date: IsoDate, locale: Locale): string {
  const iso = ISO_DATE.exec(date);
  if (!iso) return date;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-ID' : 'id-ID', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(Number(iso[1]), Number(iso[2]) - 1, Number(iso[3]))));
}

/** The pet's initial, shown when it has no photo (or it cannot be loaded). */
export function initialOf(name: string): string {
  const first = name.trim().codePointAt(0);
  return first === undefined ? '?' : String.fromCodePoint(first).toUpperCase();
}
