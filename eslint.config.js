import js from '@eslint/js';
import boundaries from 'eslint-plugin-boundaries';
import tseslint from 'typescript-eslint';

// `import { z }` pulls all of zod into a Lambda bundle (~440 KB); the namespace import tree-shakes.
const zodNamedImport = {
  selector: "ImportDeclaration[source.value='zod'][importKind='value'] > ImportSpecifier[imported.name='z']",
  message: "Use `import * as z from 'zod'` (bundle size, docs/decisions/0002).",
};

// Lambda code never loads the CDK.
const noCdk = {
  paths: ['aws-cdk-lib', 'constructs', 'cdk-nag'].map((name) => ({ name, message: 'Lambda code imports no CDK.' })),
  patterns: [{ group: ['aws-cdk-lib/*'], message: 'Lambda code imports no CDK.' }],
};

const domainBoundary =
  'A domain imports only #shared/... and its own folder (another domain: its events, saga tasks or HTTP API).';

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'cdk.out/**',
      '.local/**',
      'bench/.out/**',
      'frontends/**/dist/**',
      'frontends/**/.expo/**',
      'frontends/**/.screenshots/**',
      'frontends/**/test-results/**',
      'frontends/**/playwright-report/**',
      // Built by frontends/customer/scripts/basemap.ts (git-ignored).
      'frontends/customer/public/basemap/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': ['error', zodNamedImport],
    },
  },
  // The architecture's boundaries (eslint-plugin-boundaries, decision 0028): a domain imports only
  // its own folder and shared/; shared/ imports no domain, no infra/, no local/; the apps import
  // nothing of the backend (only their generated API types, in frontends/api-client). Domains talk
  // through events, saga tasks and HTTP.
  {
    files: ['functions/**/*.ts', 'shared/**/*.ts', 'frontends/**/*.{ts,tsx}'],
    plugins: { boundaries },
    settings: {
      'boundaries/include': [
        'functions/**',
        'shared/**',
        'infra/**',
        'local/**',
        'frontends/**',
        'bench/**',
        'test/**',
        'docs/**',
      ],
      'boundaries/elements': [
        { type: 'domain', pattern: 'functions/*', capture: ['domain'] },
        // shared/http is the HTTP edge; the route manifests and the token's claims (shared/auth) sit
        // beside it. The rest of shared/ (table, events, lib, sagas, storage…) knows nothing of HTTP.
        { type: 'shared-http', pattern: 'shared/http' },
        { type: 'shared-edge', pattern: 'shared/{auth,manifest}' },
        { type: 'shared', pattern: 'shared' },
        { type: 'infra', pattern: 'infra' },
        { type: 'local', pattern: 'local' },
        // The apps' shared packages (the typed API client); listed before `app`, which would match them.
        { type: 'app-lib', pattern: 'frontends/api-client', capture: ['lib'] },
        { type: 'app', pattern: 'frontends/*', capture: ['app'] },
        { type: 'docs', pattern: 'docs' },
        { type: 'tooling', pattern: '{bench,test}' },
      ],
      // Tests (and the search contract suite the tests run) may use the local platform's test kit.
      'boundaries/files': [{ category: 'test', pattern: ['**/*.test.ts', 'functions/search/engine/contract.ts'] }],
      // Resolves the package's `#shared/*`, `#local/*` imports as Node does.
      'import/resolver': { typescript: { alwaysTryTypes: false } },
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          message:
            'Boundary: ' +
            domainBoundary +
            ' shared/ imports no domain, infra/ or local/, and only shared/http, shared/auth and shared/manifest import shared/http; an app imports only itself and the shared package frontends/api-client, which imports nothing else.',
          policies: [
            {
              from: { element: { type: 'domain' } },
              allow: {
                to: { element: { type: 'domain', captured: { domain: '{{ from.element.captured.domain }}' } } },
              },
            },
            { from: { element: { type: 'domain' } }, allow: { to: { element: { type: 'shared' } } } },
            {
              from: { element: { type: 'domain' } },
              allow: { to: { element: { type: '{shared-http,shared-edge}' } } },
            },
            { from: { element: { type: 'shared' } }, allow: { to: { element: { type: '{shared,shared-edge}' } } } },
            {
              from: { element: { type: '{shared-http,shared-edge}' } },
              allow: { to: { element: { type: '{shared,shared-http,shared-edge}' } } },
            },
            // The platform domain serves the generated API document.
            {
              from: { element: { type: 'domain', captured: { domain: 'platform' } } },
              allow: { to: { element: { type: 'docs' } } },
            },
            { from: { file: { categories: 'test' } }, allow: { to: { element: { type: 'local' } } } },
            {
              from: { element: { type: 'app' } },
              allow: { to: { element: { type: 'app', captured: { app: '{{ from.element.captured.app }}' } } } },
            },
            { from: { element: { type: 'app' } }, allow: { to: { element: { type: 'app-lib' } } } },
            {
              from: { element: { type: 'app-lib' } },
              allow: { to: { element: { type: 'app-lib', captured: { lib: '{{ from.element.captured.lib }}' } } } },
            },
          ],
        },
      ],
      'no-restricted-imports': ['error', noCdk],
    },
  },
  // HTTP statuses are decided at the edge: a domain's use cases throw a Refusal (shared/lib/refusal.ts)
  // and shared/http/problem.ts's problemFor maps it. Handlers, manifests, schemas and wiring are the edge.
  {
    files: ['functions/*/*.ts'],
    ignores: ['functions/*/{manifest,schemas,wiring,*-wiring}.ts', 'functions/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...noCdk,
          paths: [
            ...noCdk.paths,
            {
              name: '#shared/http/problem.ts',
              message: 'Domain code throws a Refusal (#shared/lib/refusal.ts); the edge picks the HTTP status.',
            },
          ],
        },
      ],
    },
  },
  // Bundler configs Expo loads with require() (CommonJS, in Node).
  {
    files: ['frontends/**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly', process: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // The customer app runs on iOS and Android too: no browser globals (its web target gets them
  // through react-native-web). AsyncStorage, not localStorage; Linking, not window.location. Web-only
  // code lives in `*.web.ts(x)` files, which the bundler picks for the web only (a native sibling beside each).
  {
    files: ['frontends/customer/**/*.{ts,tsx}'],
    ignores: [
      'frontends/customer/e2e/**',
      'frontends/customer/*.config.ts',
      'frontends/customer/scripts/**',
      'frontends/customer/**/*.web.{ts,tsx}',
    ],
    rules: {
      'no-restricted-globals': [
        'error',
        ...['window', 'document', 'localStorage', 'sessionStorage', 'navigator', 'location', 'history'].map((name) => ({
          name,
          message: 'The customer app runs on iOS and Android too: use React Native APIs (no DOM).',
        })),
      ],
    },
  },
);
