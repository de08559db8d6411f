/**
 * Budgets every deployed handler must meet. `npm run bench` fails when one is missed.
 * KB here is 1024 bytes.
 */
export const budgets = {
  /** Largest minified bundle (index.mjs), in bytes. */
  maxBundleBytes: 450 * 1024,
  /** Largest init time, as a multiple of a bare `export const handler = async () => ({})` bundle. */
  maxInitRatio: 2.5,
  /** Bundles larger than this get their top inputs and packages listed in the report. */
  analyseAboveBytes: 300 * 1024,
} as const;

/**
 * The handlers benched in-process on DynamoDB Local may cost at most this multiple of the DynamoDB
 * calls they make: median handler time / median time inside their calls, sequential requests.
 */
export const handlerToDynamoBudgets = {
  /** bench/booking.ts: its calls never overlap, so the time inside them is their sum. */
  createBooking: 1.5,
  /** bench/checkout.ts: its reads overlap, so the time inside them is the union of their intervals (wall time). */
  checkout: 1.5,
} as const;

export interface Measured {
  bytes: number;
  initRatio: number;
}

/** Human-readable reasons a measured handler misses its budgets (empty: within budget). */
export function budgetProblems({ bytes, initRatio }: Measured): string[] {
  const problems: string[] = [];
  if (bytes > budgets.maxBundleBytes) {
    problems.push(`bundle ${kb(bytes)} KB > ${kb(budgets.maxBundleBytes)} KB`);
  }
  if (initRatio > budgets.maxInitRatio) {
    problems.push(`init ${initRatio.toFixed(2)}x bare > ${budgets.maxInitRatio}x`);
  }
  return problems;
}

export function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}
