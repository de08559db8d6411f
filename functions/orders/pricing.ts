import { VENDOR_KINDS, type TaxCategory, type VendorKind } from '#shared/lib/pet-care.ts';

/**
 * The checkout's money rules (docs/decisions/0018): one cart with lines from several vendors,
 * split into one order per vendor and paid by one payment. Pure: no I/O, no clock, no AWS.
 *
 * Every amount is whole rupiah, computed with integer numerators and denominators (BigInt), so no
 * float ever decides a rupiah:
 * - line DPP (taxBase) = round-half-up(lineSubtotal × 11/12), line PPN = round-half-up(taxBase × 12/100),
 *   per line, as a Coretax e-Faktur item carries them; an order's tax is the sum of its lines';
 * - shipping is passed through as the courier charges it (no PPN added by us);
 * - commission = floor(commissionRate × subtotal), on goods only, so the vendor is never short;
 * - the customer pays total = subtotal + tax + shipping; the platform keeps commission, the courier
 *   gets shipping, the vendor gets vendorPayable = subtotal + tax − commission (and remits the PPN).
 */

/** The catalog's tax categories (`shared/lib/pet-care.ts`): a new one fails to compile here until it has a rule. */
export type { TaxCategory };

export interface PricingLine {
  productId: string;
  vendorId: string;
  name: string;
  /** IDR integer, before PPN (catalog prices are tax-exclusive). */
  unitPrice: number;
  quantity: number;
  taxCategory: TaxCategory;
}

export interface VendorTerms {
  vendorId: string;
  vendorKind: VendorKind;
  /** 0..1, read as the decimal it is written as (0.08 is exactly 8/100). */
  commissionRate: number;
  /** IDR integer: the chosen courier service's price, passed through unchanged. */
  shipping: number;
}

/** An exact fraction: every computation uses these, never the float beside them. */
export interface Ratio {
  readonly numerator: number;
  readonly denominator: number;
}

export interface TaxRule {
  /** Nominal rate, as stored on a priced line (0.12). */
  readonly rate: number;
  /** Share of the selling price that is the tax base (DPP), as stored on a priced line (11/12). */
  readonly baseFactor: number;
  readonly rateRatio: Ratio;
  readonly baseFactorRatio: Ratio;
}

/** PPN since 2025 (PMK 131/2024): 12% nominal on a DPP of 11/12 of the selling price for non-luxury goods — 11% effective. */
export const PPN = { rate: 0.12, baseFactor: 11 / 12 } as const;

/**
 * The rule per tax category. `exempt` (PPN dibebaskan): the DPP is the selling price itself and
 * nothing is due. A new category (luxury goods: 12% on the full price) is a new entry here.
 */
export const TAX_RULES: Readonly<Record<TaxCategory, TaxRule>> = {
  standard: {
    rate: PPN.rate,
    baseFactor: PPN.baseFactor,
    rateRatio: { numerator: 12, denominator: 100 },
    baseFactorRatio: { numerator: 11, denominator: 12 },
  },
  exempt: {
    rate: 0,
    baseFactor: 1,
    rateRatio: { numerator: 0, denominator: 1 },
    baseFactorRatio: { numerator: 1, denominator: 1 },
  },
};

export interface PricedLine extends PricingLine {
  /** unitPrice × quantity. */
  lineSubtotal: number;
  /** DPP: round-half-up(lineSubtotal × taxBaseFactor). */
  taxBase: number;
  /** PPN: round-half-up(taxBase × taxRate). */
  tax: number;
  /** The rule this line was priced with, kept so that a later change does not rewrite history. */
  taxRate: number;
  taxBaseFactor: number;
}

export interface PricedOrder {
  vendorId: string;
  lines: PricedLine[];
  /** Σ lineSubtotal: the goods, before PPN. */
  subtotal: number;
  /** The courier's price, passed through. */
  shipping: number;
  /** Σ line tax. */
  tax: number;
  /** What the customer pays for this order: subtotal + tax + shipping. */
  total: number;
  /** The platform's: floor(commissionRate × subtotal). */
  commission: number;
  /** The vendor's: subtotal + tax − commission (commission + vendorPayable + shipping = total). */
  vendorPayable: number;
}

export interface PricedCheckout {
  /** One per vendor, in the order each vendor first appears in the cart; lines keep the cart's order. */
  orders: PricedOrder[];
  /** Σ order totals: the one payment's amount. */
  total: number;
}

/** num / den rounded to an integer (num ≥ 0, den > 0): half-up (ties away from zero) or down. */
function divide(num: bigint, den: bigint, mode: 'half-up' | 'down'): bigint {
  const quotient = num / den;
  if (mode === 'down') return quotient;
  const rest = num - quotient * den;
  return rest * 2n >= den ? quotient + 1n : quotient;
}

/** amount × ratio, rounded. */
function scale(amount: bigint, ratio: Ratio, mode: 'half-up' | 'down'): bigint {
  return divide(amount * BigInt(ratio.numerator), BigInt(ratio.denominator), mode);
}

/**
 * A rate as the exact decimal fraction it is written as: the shortest decimal that reads back as
 * the same double (what `String` prints), so 0.29 is 29/100 — not 0.28999999999999998.
 */
function decimalRatio(rate: number): { numerator: bigint; denominator: bigint } {
  const [mantissa = '0', exponent = '0'] = String(rate).split('e');
  const [whole = '0', fraction = ''] = mantissa.split('.');
  const places = fraction.length - Number(exponent);
  const digits = BigInt(whole + fraction);
  return places >= 0
    ? { numerator: digits, denominator: 10n ** BigInt(places) }
    : { numerator: digits * 10n ** BigInt(-places), denominator: 1n };
}

const isWholeRupiah = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0;

/** A sum of rupiah that must stay a safe integer (a cart near 9 × 10^15 rupiah is refused, not rounded). */
function rupiah(value: bigint, what: string): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER))
    throw new RangeError(`${what} exceeds ${Number.MAX_SAFE_INTEGER} rupiah`);
  return Number(value);
}

function validate(lines: readonly PricingLine[], terms: readonly VendorTerms[]): Map<string, VendorTerms> {
  if (!Array.isArray(lines) || lines.length === 0) throw new RangeError('a checkout needs at least one line');
  if (!Array.isArray(terms)) throw new RangeError('terms must be a list of vendor terms');
  const byVendor = new Map<string, VendorTerms>();
  terms.forEach((term, index) => {
    const at = `terms[${index}]`;
    if (!isId(term?.vendorId)) throw new RangeError(`${at}: vendorId must be a non-empty string`);
    if (byVendor.has(term.vendorId))
      throw new RangeError(`${at}: vendor ${term.vendorId} has more than one terms entry`);
    if (!(VENDOR_KINDS as readonly string[]).includes(term.vendorKind))
      throw new RangeError(
        `${at}: vendorKind must be one of ${VENDOR_KINDS.join(', ')}, got ${String(term.vendorKind)}`,
      );
    if (typeof term.commissionRate !== 'number' || !(term.commissionRate >= 0 && term.commissionRate <= 1)) {
      throw new RangeError(`${at}: commissionRate must be a number in [0, 1], got ${String(term.commissionRate)}`);
    }
    if (!isWholeRupiah(term.shipping))
      throw new RangeError(`${at}: shipping must be whole rupiah ≥ 0, got ${String(term.shipping)}`);
    byVendor.set(term.vendorId, term);
  });
  lines.forEach((line, index) => {
    const at = `lines[${index}]`;
    if (!isId(line?.productId)) throw new RangeError(`${at}: productId must be a non-empty string`);
    if (!isId(line.vendorId)) throw new RangeError(`${at}: vendorId must be a non-empty string`);
    if (typeof line.name !== 'string') throw new RangeError(`${at}: name must be a string`);
    if (!isWholeRupiah(line.unitPrice))
      throw new RangeError(`${at}: unitPrice must be whole rupiah ≥ 0, got ${String(line.unitPrice)}`);
    if (!Number.isSafeInteger(line.quantity) || line.quantity < 1)
      throw new RangeError(`${at}: quantity must be an integer ≥ 1, got ${String(line.quantity)}`);
    if (!Object.hasOwn(TAX_RULES, line.taxCategory))
      throw new RangeError(
        `${at}: taxCategory must be one of ${Object.keys(TAX_RULES).join(', ')}, got ${String(line.taxCategory)}`,
      );
    if (!byVendor.has(line.vendorId)) throw new RangeError(`${at}: no terms for vendor ${line.vendorId}`);
  });
  return byVendor;
}

function priceLine(line: PricingLine, index: number): PricedLine {
  const rule = TAX_RULES[line.taxCategory];
  const subtotal = BigInt(line.unitPrice) * BigInt(line.quantity);
  const lineSubtotal = rupiah(subtotal, `lines[${index}]: unitPrice × quantity`);
  const taxBase = scale(subtotal, rule.baseFactorRatio, 'half-up');
  const tax = scale(taxBase, rule.rateRatio, 'half-up');
  return {
    productId: line.productId,
    vendorId: line.vendorId,
    name: line.name,
    unitPrice: line.unitPrice,
    quantity: line.quantity,
    taxCategory: line.taxCategory,
    lineSubtotal,
    taxBase: Number(taxBase),
    tax: Number(tax),
    taxRate: rule.rate,
    taxBaseFactor: rule.baseFactor,
  };
}

/**
 * Prices a cart: one order per vendor (commission and shipping from that vendor's terms; terms of
 * vendors not in the cart are ignored). Throws a RangeError naming the first invalid input.
 */
export function priceCheckout(lines: PricingLine[], terms: VendorTerms[]): PricedCheckout {
  const byVendor = validate(lines, terms);
  const grouped = new Map<string, PricedLine[]>();
  lines.forEach((line, index) => {
    const priced = priceLine(line, index);
    const group = grouped.get(line.vendorId);
    if (group) group.push(priced);
    else grouped.set(line.vendorId, [priced]);
  });

  let checkoutTotal = 0n;
  const orders = [...grouped].map(([vendorId, orderLines]): PricedOrder => {
    const term = byVendor.get(vendorId)!;
    const subtotal = orderLines.reduce((sum, line) => sum + BigInt(line.lineSubtotal), 0n);
    const tax = orderLines.reduce((sum, line) => sum + BigInt(line.tax), 0n);
    const shipping = BigInt(term.shipping);
    const total = subtotal + tax + shipping;
    const rate = decimalRatio(term.commissionRate);
    const commission = divide(subtotal * rate.numerator, rate.denominator, 'down');
    checkoutTotal += total;
    return {
      vendorId,
      lines: orderLines,
      subtotal: rupiah(subtotal, `order ${vendorId}: subtotal`),
      shipping: term.shipping,
      tax: rupiah(tax, `order ${vendorId}: tax`),
      total: rupiah(total, `order ${vendorId}: total`),
      commission: Number(commission),
      vendorPayable: rupiah(subtotal + tax - commission, `order ${vendorId}: vendorPayable`),
    };
  });
  return { orders, total: rupiah(checkoutTotal, 'checkout total') };
}
