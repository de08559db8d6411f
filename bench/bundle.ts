import { build, type BuildOptions, type Metafile } from 'esbuild';
import { join } from 'node:path';

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
  // CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
  banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);" },
};

/** File name of the bundle inside each function's asset directory (`.mjs`: Node loads it as ESM). */
export const LAMBDA_OUTFILE = 'index.mjs';

export interface BundleResult {
  outfile: string;
  bytes: number;
  metafile: Metafile;
}

/** Bundles one handler with `lambdaBundleOptions` into `<outDir>/index.mjs`. */
export async function bundleHandler(entry: string, outDir: string): Promise<BundleResult> {
  const outfile = join(outDir, LAMBDA_OUTFILE);
  const result = await build({
    ...lambdaBundleOptions,
    entryPoints: [entry],
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  const output = Object.values(result.metafile.outputs).find((candidate) => candidate.entryPoint !== undefined);
  if (!output) throw new Error(`esbuild wrote no output for ${entry}`);
  return { outfile, bytes: output.bytes, metafile: result.metafile };
}

export interface SizeShare {
  name: string;
  bytes: number;
}

/** The inputs (files) that contribute the most bytes to the minified output. */
export function topInputs(metafile: Metafile, count = 5): SizeShare[] {
  return contributions(metafile)
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}

/** The same contributions grouped by npm package (or `(project)` for our own code). */
export function topPackages(metafile: Metafile, count = 5): SizeShare[] {
  const byPackage = new Map<string, number>();
  for (const { name, bytes } of contributions(metafile)) {
    const packageName = packageOf(name);
    byPackage.set(packageName, (byPackage.get(packageName) ?? 0) + bytes);
  }
  return [...byPackage]
    .map(([name, bytes]) => ({ name, bytes }))
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, count);
}

function contributions(metafile: Metafile): SizeShare[] {
  const shares: SizeShare[] = [];
  for (const output of Object.values(metafile.outputs)) {
    for (const [name, { bytesInOutput }] of Object.entries(output.inputs)) shares.push({ name, bytes: bytesInOutput });
  }
  return shares;
}

/** `node_modules/@aws-sdk/client-s3/dist-es/x.js` → `@aws-sdk/client-s3` (the innermost package). */
export function packageOf(inputPath: string): string {
  const marker = 'node_modules/';
  const at = inputPath.lastIndexOf(marker);
  if (at < 0) return '(project)';
  const [scopeOrName = '', name = ''] = inputPath.slice(at + marker.length).split('/');
  return scopeOrName.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName;
}
