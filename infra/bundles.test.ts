import { describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { loadManifests, manifestHandlers, OUTBOX_FORWARDER_ENTRY, REPO_ROOT } from '#shared/manifest/registry.ts';
import { lambdaBundleOptions } from './lambda-bundle.ts';

/**
 * Every function CDK deploys bundles with the deployment options (sizes and init times are the
 * benchmark's business: `npm run bench`). Catches an unresolvable import before `cdk deploy` does.
 */
const entries = [...manifestHandlers(await loadManifests()).map((handler) => handler.file), OUTBOX_FORWARDER_ENTRY];

describe('Lambda bundles', () => {
  it.each(entries.map((entry) => [entry.slice(REPO_ROOT.length + 1), entry]))(
    '%s bundles and exports a handler',
    async (_name, entry) => {
      const result = await build({
        ...lambdaBundleOptions,
        entryPoints: [entry],
        write: false,
        outfile: 'index.mjs',
        metafile: true,
        logLevel: 'silent',
      });
      expect(result.errors).toEqual([]);
      const output = Object.values(result.metafile.outputs)[0]!;
      expect(output.exports).toContain('handler');
      // The credentials shim replaced the SDK's default chain (docs/decisions/0002).
      expect(Object.keys(output.inputs).some((input) => input.includes('credential-provider-node'))).toBe(false);
    },
  );
});
