/**
 * The shipping sandbox (Biteship stand-in) lives in `./shipping-sandbox/`; this path is where the
 * platform and the tests import it from.
 */
export * from './shipping-sandbox/index.ts';
