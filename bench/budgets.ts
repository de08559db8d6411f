/**
 * Budgets every deployed handler must meet (decision 0005). `npm run bench` fails when one is missed.
 * Time budgets are CPU-time ratios (`process.cpuUsage()`) of measurements taken in the same run:
 * on a shared 2-core machine they hold where wall time moves by tens of percent. KB here is 1024 bytes.
 */
export const budgets = {
  /** Largest minified bundle (index.mjs), in bytes. */
  maxBundleBytes: 450 * 1024,
  /**
   * Every bundle, as a multiple of the `reference/dynamodb-client` bundle, not counting the AWS
   * service clients other than DynamoDB it carries (SES, Cognito, Step Functions, Scheduler,
   * Secrets Manager, SNS, EventBridge: the same SDK the reference stands for, each with a schema file
   * that cannot be tree-shaken). Those are listed per bundle; decision 0005 says why.
   */
  maxLargestToDynamoClientBundle: 2,
  /**
   * Every handler's init + first call (fresh process, one realistic invocation: bench/first-calls.ts),
   * CPU time, as a multiple of the same for `reference/platform-floor` (route wrapper + DynamoDB
   * client, one GetItem).
   */
  maxFirstCallToFloor: 1.3,
  /** SDK tripwire: `reference/dynamodb-client`'s init CPU time, as a multiple of a bare handler's. */
  maxDynamoClientInitToBare: 2.8,
  /** Source maps costing more than this share of init + first call need a recorded decision (decision 0005: kept). */
  sourceMapCostNoted: 0.1,
  /** Bundles larger than this get their top inputs and packages listed in the report. */
  analyseAboveBytes: 300 * 1024,
} as const;

/**
 * The handlers benched in-process on DynamoDB Local may cost at most this multiple of the DynamoDB
 * calls they make, median handler time / median time of the calls, sequential requests — both of
 * the whole calls (SDK included) and of the time actually waiting on the wire (request sent →
 * response headers), which is what DynamoDB itself costs.
 */
export const handlerToDynamoBudgets = {
  /** bench/booking.ts: its calls never overlap, so the time inside them is their sum. */
  createBooking: 1.5,
  /** bench/checkout.ts: its reads overlap, so the time inside them is the union of their intervals (wall time). */
  checkout: 1.5,
  /** Both benches: handler time / time waiting on the wire (union of the calls' wire intervals). */
  wire: 1.5,
} as const;

/**
 * bench/scale.ts: the hot reads with 100 and with 10,000 existing records. Items read and calls made
 * must not change (ratio 1.00); handler time (median, 10,000 / 100) at most this.
 */
export const scaleBudgets = {
  maxHandlerTimeRatio: 1.2,
} as const;

/**
 * bench/customer-app.ts: the customer app's first load in Chromium (issue 14). The scripts index.html
 * references (before any lazy chunk), each response body gzipped at level 9, at most this. The time
 * to the first clinic list is recorded as a ratio to a blank page of the same server, no budget.
 */
export const customerAppBudgets = {
  maxInitialJsGzipBytes: 300 * 1024,
} as const;

export interface Measured {
  bytes: number;
  /** init + first call CPU / the floor's; undefined: not measured (no honest first call). */
  floorRatio?: number;
}

/** Human-readable reasons a measured handler misses its budgets (empty: within budget). */
export function budgetProblems({ bytes, floorRatio }: Measured): string[] {
  const problems: string[] = [];
  if (bytes > budgets.maxBundleBytes) {
    problems.push(`bundle ${kb(bytes)} KB > ${kb(budgets.maxBundleBytes)} KB`);
  }
  if (floorRatio !== undefined && floorRatio > budgets.maxFirstCallToFloor) {
    problems.push(`init + first call ${floorRatio.toFixed(2)}x floor > ${budgets.maxFirstCallToFloor}x`);
  }
  return problems;
}

export function kb(bytes: number): string {
  return (bytes / 1024).toFixed(1);
}
