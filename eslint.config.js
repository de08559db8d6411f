import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// `import { z }` pulls all of zod into a Lambda bundle (~440 KB); the namespace import tree-shakes.
const zodNamedImport = {
  selector: "ImportDeclaration[source.value='zod'][importKind='value'] > ImportSpecifier[imported.name='z']",
  message: "Use `import * as z from 'zod'` (bundle size, docs/decisions/0002).",
};

const domainBoundary = 'A domain imports only #shared/... and its own folder (another domain: its events, saga tasks or HTTP API).';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.local/**', 'bench/.out/**', 'frontends/**/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', zodNamedImport],
    },
  },
  // Domains talk through events and HTTP, never through each other's folders: a relative import may not
  // climb out of the domain's folder (`functions/<a>/x.ts` → `../<b>/…`, `functions/<a>/handlers/x.ts`
  // → `../../<b>/…`), nor name `functions/` at all. (Patterns match the import text, so each depth gets its own.)
  ...[
    { files: ['functions/*/*.ts'], parent: '../*' },
    { files: ['functions/*/*/*.ts'], parent: '../../*' },
    { files: ['functions/*/*/*/**/*.ts'], parent: '../../../*' },
  ].map(({ files, parent }) => ({
    files,
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/functions/**', parent], message: domainBoundary }] }],
    },
  })),
);
