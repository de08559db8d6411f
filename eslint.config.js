import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// `import { z }` pulls all of zod into a Lambda bundle (~440 KB); the namespace import tree-shakes.
const zodNamedImport = {
  selector: "ImportDeclaration[source.value='zod'][importKind='value'] > ImportSpecifier[imported.name='z']",
  message: "Use `import * as z from 'zod'` (bundle size, docs/decisions/0002).",
};

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
  {
    files: ['functions/**/*.ts'],
    rules: {
      // Domains talk through events and HTTP, never through each other's folders.
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/functions/**', '../../*'], message: 'A domain imports only #shared/... and its own folder.' }] },
      ],
    },
  },
);
