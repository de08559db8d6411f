import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * A provider sandbox must speak the provider's wire format on its own: one that imported the adapter's
 * code (its tables of couriers, status words, header names, renderers) would agree with the adapter's
 * mistakes instead of catching them. So no source of a sandbox — `local/*sandbox*` files and folders,
 * tests aside (they drive the real adapters against the sandboxes on purpose) — may import from
 * `functions/`, directly or through the local modules it imports.
 */

const LOCAL = dirname(fileURLToPath(import.meta.url));
const ROOT = dirname(LOCAL);
const FUNCTIONS = join(ROOT, 'functions');
const isSource = (file: string) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts');

function walk(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path).flatMap((name) => walk(join(path, name)));
}

/** Every sandbox source: files under local/ whose own name or folder's name has "sandbox" in it. */
function sandboxSources(): string[] {
  return readdirSync(LOCAL)
    .filter((name) => name.includes('sandbox'))
    .flatMap((name) => walk(join(LOCAL, name)))
    .filter(isSource)
    .sort();
}

/** The specifiers a source imports or re-exports, dynamic imports included (read by TypeScript's own scanner). */
const specifiers = (source: string) =>
  ts.preProcessFile(source, true, true).importedFiles.map((imported) => imported.fileName);

/** Where a specifier points in the repository (package.json `imports` aliases resolved); undefined for packages and node: builtins. */
function target(from: string, specifier: string): string | undefined {
  if (specifier.startsWith('.')) return resolve(dirname(from), specifier);
  const alias = /^#(\w+)\/(.*)$/.exec(specifier);
  if (alias) return join(ROOT, alias[1]!, alias[2]!);
  return undefined;
}

const inside = (folder: string, path: string) => path === folder || path.startsWith(`${folder}${sep}`);

/** Whether an import of `specifier` in `from` is an import from functions/: by where it points, or by a `functions/` in its text. */
const fromFunctions = (from: string, specifier: string) => {
  const path = target(from, specifier);
  return (path !== undefined && inside(FUNCTIONS, path)) || /(^|\/)functions\//.test(specifier);
};

/** Each chain from `start` that reaches functions/, following its imports of other local/ modules. */
function reachesFunctions(start: string): string[] {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (file: string, chain: string[]) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const specifier of specifiers(readFileSync(file, 'utf8'))) {
      const step = [...chain, `${relative(ROOT, file)} imports '${specifier}'`];
      const path = target(file, specifier);
      if (fromFunctions(file, specifier)) found.push(step.join(' → '));
      else if (path !== undefined && inside(LOCAL, path) && existsSync(path) && isSource(path)) visit(path, step);
    }
  };
  visit(start, []);
  return found;
}

describe('sandbox independence', () => {
  const sources = sandboxSources();

  it("finds the sandboxes' sources", () => {
    const names = sources.map((file) => relative(ROOT, file).split(sep).join('/'));
    expect(names).toEqual(
      expect.arrayContaining([
        'local/payment-sandbox.ts',
        'local/payment-sandbox/index.ts',
        'local/payment-sandbox/midtrans.ts',
        'local/shipping-sandbox.ts',
        'local/shipping-sandbox/index.ts',
        'local/shipping-sandbox/vocabulary.ts',
        'local/sandbox-server.ts',
        'local/sandbox-store.ts',
      ]),
    );
    expect(names.some((name) => name.endsWith('.test.ts'))).toBe(false);
  });

  it('no sandbox source imports from functions/, directly or through local modules', () => {
    expect(sources.flatMap(reachesFunctions)).toEqual([]);
  });

  it('the check sees imports from functions/: static, type-only, re-exported, dynamic', () => {
    const source = [
      "import { SERVICES } from '../../functions/shipping/services.ts';",
      "import type { Courier } from '#shared/lib/shipping.ts';",
      "export { renderLabel } from '../../functions/shipping/label.ts';",
      "import type { BITESHIP_WORD } from '../functions/shipping/status.ts';",
      "const biteship = await import('../../functions/shipping/biteship.ts');",
      "import { sendJson } from '../http-util.ts';",
    ].join('\n');
    const from = join(LOCAL, 'shipping-sandbox', 'orders.ts');
    expect(specifiers(source).filter((specifier) => fromFunctions(from, specifier))).toEqual([
      '../../functions/shipping/services.ts',
      '../../functions/shipping/label.ts',
      '../functions/shipping/status.ts',
      '../../functions/shipping/biteship.ts',
    ]);
  });
});
