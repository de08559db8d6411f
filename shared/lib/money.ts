/** Money is whole rupiah. No floats cross an API boundary or reach the table. */
export interface Money {
  amount: number;
  currency: 'IDR';
}

export function idr(amount: number): Money {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`IDR amounts are whole rupiah, got ${amount}`);
  return { amount, currency: 'IDR' };
}

export function addMoney(...parts: Money[]): Money {
  return idr(parts.reduce((sum, part) => sum + part.amount, 0));
}

/** Rounds a rupiah value with an explicit rule; half-up is the default for charges. */
export function roundRupiah(value: number, mode: 'half-up' | 'down' | 'up' = 'half-up'): number {
  if (mode === 'down') return Math.floor(value);
  if (mode === 'up') return Math.ceil(value);
  return Math.floor(value + 0.5);
}

/** Multiplies by a rate given in basis points (1% = 100 bp) without float drift. */
export function applyBasisPoints(
  amount: number,
  basisPoints: number,
  mode: 'half-up' | 'down' | 'up' = 'half-up',
): number {
  const scaled = amount * basisPoints;
  if (!Number.isSafeInteger(scaled)) throw new RangeError('amount too large');
  const whole = Math.floor(scaled / 10_000);
  const rest = scaled - whole * 10_000;
  if (rest === 0 || mode === 'down') return whole;
  if (mode === 'up') return whole + 1;
  return rest * 2 >= 10_000 ? whole + 1 : whole;
}

/** "Rp150.000" — the way Indonesians write it. */
export function formatRupiah(money: Money | number): string {
  const amount = typeof money === 'number' ? money : money.amount;
  const sign = amount < 0 ? '-' : '';
  return `${sign}Rp${Math.abs(amount).toLocaleString('id-ID')}`;
}
