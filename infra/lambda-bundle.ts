import type { BuildOptions } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** Replaces the SDK's default credential chain in bundles; see lambda-credentials.ts. */
export const LAMBDA_CREDENTIALS_SHIM = fileURLToPath(new URL('./lambda-credentials.ts', import.meta.url));

/**
 * How every Lambda handler is bundled — the ONE definition shared by the benchmark and the CDK
 * app, so the bytes measured here are the bytes deployed. Per function the caller adds only
 * `entryPoints: [handlerFile]` and `outfile: <dir>/index.mjs` (LAMBDA_OUTFILE).
 *
 * The AWS SDK v3 is bundled (`external: []`) rather than taken from the runtime: the version is
 * pinned by our lockfile and tree-shaking keeps only the clients a handler imports.
 *
 * NodejsFunction equivalent: `bundling: { minify: true, format: OutputFormat.ESM,
 * target: 'node22', mainFields: ['module', 'main'], externalModules: [], banner: <banner.js> }`
 * with `runtime: Runtime.NODEJS_22_X` (platform is always node there). Note NodejsFunction's
 * default `externalModules` is `['@aws-sdk/*']` — it must be overridden with `[]`.
 */
export const lambdaBundleOptions: Readonly<BuildOptions> = {
  bundle: true,
  minify: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  mainFields: ['module', 'main'],
  external: [],
  alias: { '@aws-sdk/credential-provider-node': LAMBDA_CREDENTIALS_SHIM },
  // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
};

/** File name of the bundle inside each function's asset directory (`.mjs`: Node loads it as ESM). */
/** File name of the bundle inside each function's asset directory (`.mjs`: Node loads it as ESM). */
export const LAMBDA_OUTFILE = 'index.mjs';
