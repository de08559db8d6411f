import type { Address, AddressInput, AddressPatch } from './profile-repository';
import { normalisePhone } from '../auth/contact';

/** The address form as typed: every field text (lat/lon too, so "-6,26" can be typed), the default flag. */
export interface AddressDraft {
  label: string;
  recipientName: string;
  phone: string;
  line1: string;
  line2: string;
  city: string;
  province: string;
  postalCode: string;
  lat: string;
  lon: string;
  isDefault: boolean;
}

export type AddressTextField = Exclude<keyof AddressDraft, 'isDefault'>;

/** Where a problem is shown: a field, or the pin as a whole. */
export type AddressErrorField = AddressTextField | 'pin';

/** What a field is refused for (keys `profile.address.error.<key>`). */
export type AddressFieldError =
  | 'required'
  | 'too-long'
  | 'phone-invalid'
  | 'postal-code-invalid'
  | 'lat-invalid'
  | 'lon-invalid'
  | 'pin-missing'
  | 'pin-outside-indonesia'
  | 'invalid';

export type AddressFieldErrors = Readonly<Partial<Record<AddressErrorField, readonly AddressFieldError[]>>>;

export const emptyDraft: AddressDraft = {
  label: '',
  recipientName: '',
  phone: '',
  line1: '',
  line2: '',
  city: '',
  province: '',
  postalCode: '',
  lat: '',
  lon: '',
  isDefault: false,
};

/** The API's limits (docs/api/openapi.json, addAddress). */
const MAX_LENGTH: Partial<Record<AddressTextField, number>> = {
  label: 40,
  recipientName: 100,
  line1: 200,
  line2: 200,
  city: 80,
  province: 80,
};
const REQUIRED: readonly AddressTextField[] = [
  'label',
  'recipientName',
  'phone',
  'line1',
  'city',
  'province',
  'postalCode',
];

/**
 * Indonesia's extent, a little generous (Sabang to Merauke, Miangas to Rote): a pin outside it is
 * nearly always lat and lon swapped or a sign dropped, and no courier here would deliver there.
 */
const INDONESIA = { south: -11.5, north: 6.5, west: 94.5, east: 141.5 };

/** "-6,2607" (Indonesian decimal comma) or "-6.2607" → -6.2607; anything else → NaN. */
export function parseCoordinate(text: string): number {
  const cleaned = text.trim().replace(',', '.');
  return /^[-+]?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : Number.NaN;
}

/** Coordinates as a form shows them: up to 6 decimals (≈ 10 cm), no trailing zeros. */
export function formatCoordinate(value: number): string {
  return String(Number(value.toFixed(6)));
}

export function draftOf(address: Address): AddressDraft {
  return {
    label: address.label,
    recipientName: address.recipientName,
    // As people write it here: 0812…, back to +62 when saved.
    phone: address.phone.replace(/^\+62/, '0'),
    line1: address.line1,
    line2: address.line2 ?? '',
    city: address.city,
    province: address.province,
    postalCode: address.postalCode,
    lat: formatCoordinate(address.lat),
    lon: formatCoordinate(address.lon),
    isDefault: address.isDefault,
  };
}

/** The draft checked as the API would, or the body to send. */
export function validateDraft(
  draft: AddressDraft,
): { ok: true; input: AddressInput } | { ok: false; errors: AddressFieldErrors } {
  const errors: Partial<Record<AddressErrorField, AddressFieldError[]>> = {};
  const add = (field: AddressErrorField, error: AddressFieldError) => {
    errors[field] = [...(errors[field] ?? []), error];
  };
  for (const field of REQUIRED) if (!draft[field].trim()) add(field, 'required');
  for (const [field, max] of Object.entries(MAX_LENGTH) as [AddressTextField, number][])
    if (draft[field].trim().length > max) add(field, 'too-long');

  const phone = normalisePhone(draft.phone);
  if (draft.phone.trim() && !phone) add('phone', 'phone-invalid');
  const postalCode = draft.postalCode.trim();
  if (postalCode && !/^\d{5}$/.test(postalCode)) add('postalCode', 'postal-code-invalid');

  const lat = parseCoordinate(draft.lat);
  const lon = parseCoordinate(draft.lon);
  if (!draft.lat.trim() && !draft.lon.trim()) add('pin', 'pin-missing');
  else {
    if (!(lat >= -90 && lat <= 90)) add('lat', 'lat-invalid');
    if (!(lon >= -180 && lon <= 180)) add('lon', 'lon-invalid');
    if (!errors.lat && !errors.lon && !isInIndonesia(lat, lon)) add('pin', 'pin-outside-indonesia');
  }

  if (Object.keys(errors).length > 0 || !phone) return { ok: false, errors };
  const line2 = draft.line2.trim();
  return {
    ok: true,
    input: {
      label: draft.label.trim(),
      recipientName: draft.recipientName.trim(),
      phone,
      line1: draft.line1.trim(),
      ...(line2 ? { line2 } : {}),
      city: draft.city.trim(),
      province: draft.province.trim(),
      postalCode,
      lat,
      lon,
      isDefault: draft.isDefault,
    },
  };
}

export function isInIndonesia(lat: number, lon: number): boolean {
  return lat >= INDONESIA.south && lat <= INDONESIA.north && lon >= INDONESIA.west && lon <= INDONESIA.east;
}

/**
 * Only what changed, so a change made meanwhile to another field is not undone. `line2` emptied is
 * sent as null (removed); the default is never unset here (the API refuses it: pick another instead).
 */
export function patchOf(original: Address, input: AddressInput): AddressPatch {
  const patch: AddressPatch = {};
  const keys = ['label', 'recipientName', 'phone', 'line1', 'city', 'province', 'postalCode', 'lat', 'lon'] as const;
  for (const key of keys) if (input[key] !== original[key]) Object.assign(patch, { [key]: input[key] });
  const line2 = input.line2 ?? null;
  if (line2 !== (original.line2 ?? null)) patch.line2 = line2;
  if (input.isDefault === true && !original.isDefault) patch.isDefault = true;
  return patch;
}

/** The API's `errors[].path` (`body.postalCode`) on the form's fields; its English words stay out. */
export function fieldErrorsFromApi(errors: readonly { path: string }[]): AddressFieldErrors {
  const result: Partial<Record<AddressErrorField, AddressFieldError[]>> = {};
  const known = new Set<string>([...REQUIRED, 'line2', 'lat', 'lon']);
  for (const { path } of errors) {
    const field = path.replace(/^body[./]/, '').split(/[./]/)[0] ?? '';
    if (!known.has(field)) continue;
    const error: AddressFieldError =
      field === 'phone'
        ? 'phone-invalid'
        : field === 'postalCode'
          ? 'postal-code-invalid'
          : field === 'lat'
            ? 'lat-invalid'
            : field === 'lon'
              ? 'lon-invalid'
              : 'invalid';
    result[field as AddressErrorField] = [error];
  }
  return result;
}
