import { build, type Metafile } from 'esbuild';
import { join } from 'node:path';

export { lambdaBundleOptions, LAMBDA_OUTFILE } from '../infra/lambda-bundle.ts';
import { lambdaBundleOptions, LAMBDA_OUTFILE } from '../infra/lambda-bundle.ts';
import { deployedSourceMaps } from '../infra/function.ts';

export { deployedSourceMaps };

export interface BundleResult {
  outfile: string;
  bytes: number;
  /** The source map next to it (index.mjs.map), as deployed; 0 when built without. */
  mapBytes: number;
  metafile: Metafile;
}

/**
 * Bundles one handler with `lambdaBundleOptions` into `<outDir>/index.mjs`, plus the source map
 * infra deploys (`deployedSourceMaps` of infra/function.ts: NodejsFunction `sourceMap: true`,
 * SourceMapMode.DEFAULT = esbuild's linked map, `sourcesContent: false`) unless `sourceMaps` is false.
 */
export async function bundleHandler(
  entry: string,
  outDir: string,
  { sourceMaps = true }: { sourceMaps?: boolean } = {},
): Promise<BundleResult> {
  const outfile = join(outDir, LAMBDA_OUTFILE);
  const maps = sourceMaps && deployedSourceMaps.sourceMap;
  const result = await build({
    ...lambdaBundleOptions,
    ...(maps ? { sourcemap: 'linked', sourcesContent: deployedSourceMaps.sourcesContent } : { sourcemap: false }),
    entryPoints: [entry],
    outfile,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = Object.entries(result.metafile.outputs);
  const output = outputs.find(([, candidate]) => candidate.entryPoint !== undefined)?.[1];
  if (!output) throw new Error(`esbuild wrote no output for ${entry}`);
  const map = outputs.find(([name]) => name.endsWith('.map'))?.[1];
  return { outfile, bytes: output.bytes, mapBytes: map?.bytes ?? 0, metafile: result.metafile };
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
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (file.endsWith('.map')) continue;
    for (const [name, { bytesInOutput }] of Object.entries(output.inputs)) shares.push({ name, bytes: bytesInOutput });
  }
  return shares;
}

/** The bytes of AWS service clients other than DynamoDB's in a bundle (budgets.maxLargestToDynamoClientBundle). */
export function otherAwsClientBytes(metafile: Metafile): number {
  return contributions(metafile)
    .filter(({ name }) => /^@aws-sdk\/client-(?!dynamodb$)/.test(packageOf(name)))
    .reduce((sum, { bytes }) => sum + bytes, 0);
}

/** `node_modules/@aws-sdk/client-s3/dist-es/x.js` → `@aws-sdk/client-s3` (the innermost package). */
export function packageOf(inputPath: string): string {
  const marker = 'node_modules/';
  const at = inputPath.lastIndexOf(marker);
  if (at < 0) return '(project)';
  const [scopeOrName = '', name = ''] = inputPath.slice(at + marker.length).split('/');
  return scopeOrName.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName;
}
