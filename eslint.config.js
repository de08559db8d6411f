import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/**', 'cdk.out/**', '.local/**', 'bench/.out/**', 'frontends/**/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Domains talk through events and HTTP, never through each other's folders.
      'no-restricted-imports': ['error', { patterns: [{ group: ['../../*/**', '!../../../*'], message: 'Import shared code via #shared/...; never another domain.' }] }],
    },
  },
  {
    files: ['functions/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/functions/**', '../../*'], message: 'A domain imports only #shared/... and its own folder.' }] }],
    },
  },
);
