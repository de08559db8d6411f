/**
 * The payment sandbox (Midtrans and Xendit stand-in) lives in `./payment-sandbox/`; this path is where
 * the platform, the tests and the benches import it from.
 */
export * from './payment-sandbox/index.ts';
