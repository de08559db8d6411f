import type { Locale } from '@petpro/api-client';
import type { TFunction } from 'i18next';
import { formatDecimal } from '../../i18n/i18n';
import type { Product } from './catalog-repository';
import type { CourierRate } from './checkout-repository';

/** Couriers by their own names (brands: not translated). */
const COURIER_NAMES: Record<string, string> = { jne: 'JNE', sicepat: 'SiCepat', grab: 'Grab' };

export function courierName(courier: string): string {
  return COURIER_NAMES[courier] ?? courier.toUpperCase();
}

/** `REG`, `YES`… stay as the courier names them; Grab's `instant` / `same_day` are words. */
export function serviceName(service: string, t: TFunction): string {
  const key = service.toLowerCase();
  if (key === 'instant') return t('shop.service.instant');
  if (key === 'same_day') return t('shop.service.same_day');
  return service.toUpperCase();
}

/** `jne:reg` → `JNE REG` (what an order keeps of its courier). */
export function serviceCodeName(serviceCode: string, t: TFunction): string {
  const [courier = '', service = ''] = serviceCode.split(':');
  return `${courierName(courier)} ${serviceName(service, t)}`.trim();
}

export function etaText(eta: CourierRate['etaDays'] | null, t: TFunction): string {
  if (!eta) return '';
  if (eta.max <= 0) return t('shop.eta.today');
  if (eta.min === eta.max) return t('shop.eta.days', { count: eta.max });
  return t('shop.eta.range', { min: eta.min, max: eta.max });
}

/** `800 g`, `1,3 kg` (`1.3 kg` in English). */
export function weightText(grams: number, locale: Locale): string {
  if (grams < 1000) return `${Math.round(grams)} g`;
  const kg = grams / 1000;
  return `${formatDecimal(kg, locale, Number.isInteger(kg) ? 0 : 1)} kg`;
}

/** A moment of the customer's own (an order placed, a parcel picked up) on the device's clock. */
export function formatMoment(iso: string, locale: Locale): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(locale === 'en' ? 'en-ID' : 'id-ID', {
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(date);
}

/** The last characters of an id: enough to tell orders apart when talking to a shop. */
export function shortId(id: string): string {
  return id.slice(-8);
}

/** `Stok 15`, `Tersedia` (when the count is not given) or `Stok habis`. */
export function stockText(product: Pick<Product, 'inStock' | 'available'>, t: TFunction): string {
  if (!product.inStock) return t('shop.stock.out');
  return product.available === undefined
    ? t('shop.stock.available')
    : t('shop.stock.count', { count: product.available });
}
