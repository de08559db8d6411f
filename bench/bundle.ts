import { build, type Metafile } from 'esbuild';
import { join } from 'node:path';

export { lambdaBundleOptions, LAMBDA_OUTFILE } from '../infra/lambda-bundle.ts';
import { lambdaBundleOptions, LAMBDA_OUTFILE } from '../infra/lambda-bundle.ts';

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
