import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

/**
 * The architecture's boundaries are enforced by `npm run lint` (eslint-plugin-boundaries, decision
 * 0028). Each case plants an import in a file that is not on disk and lints it with the project's
 * own config: a breach must fail, an allowed import must pass.
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function ruleIdsFor(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

describe('architecture boundaries (lint)', () => {
  it.each([
    [
      'a domain importing another domain',
      'functions/orders/planted.ts',
      "import { shipping } from '../shipping/wiring.ts';\nexport const x = shipping;\n",
      'boundaries/dependencies',
    ],
    [
      'a handler importing another domain',
      'functions/orders/handlers/planted.ts',
      "import { shipping } from '../../shipping/wiring.ts';\nexport const x = shipping;\n",
      'boundaries/dependencies',
    ],
    [
      'a domain importing the local platform',
      'functions/orders/planted.ts',
      "import { startPlatform } from '#local/platform.ts';\nexport const x = startPlatform;\n",
      'boundaries/dependencies',
    ],
    [
      'a domain importing infra',
      'functions/orders/planted.ts',
      "import { lambdaBundleOptions } from '../../infra/lambda-bundle.ts';\nexport const x = lambdaBundleOptions;\n",
      'boundaries/dependencies',
    ],
    [
      'shared importing a domain',
      'shared/lib/planted.ts',
      "import { manifest } from '../../functions/orders/manifest.ts';\nexport const x = manifest;\n",
      'boundaries/dependencies',
    ],
    [
      'shared importing the local platform',
      'shared/lib/planted.ts',
      "import { startPlatform } from '#local/platform.ts';\nexport const x = startPlatform;\n",
      'boundaries/dependencies',
    ],
    [
      'the table layer importing the HTTP edge',
      'shared/table/planted.ts',
      "import { problems } from '../http/problem.ts';\nexport const x = problems;\n",
      'boundaries/dependencies',
    ],
    [
      'a use case choosing an HTTP status',
      'functions/orders/planted.ts',
      "import { problems } from '#shared/http/problem.ts';\nexport const x = problems;\n",
      'no-restricted-imports',
    ],
    [
      'a handler importing the CDK',
      'functions/orders/handlers/planted.ts',
      "import { Stack } from 'aws-cdk-lib';\nexport const x = Stack;\n",
      'no-restricted-imports',
    ],
    [
      'Lambda code importing the CDK',
      'functions/orders/planted.ts',
      "import { Stack } from 'aws-cdk-lib';\nexport const x = Stack;\n",
      'no-restricted-imports',
    ],
  ])(
    'fails: %s',
    async (_what, file, source, rule) => {
      expect(await ruleIdsFor(file, source)).toContain(rule);
    },
    30_000,
  );

  it.each([
    [
      'a domain importing shared/',
      'functions/orders/planted.ts',
      "import { ENV } from '#shared/config/env.ts';\nexport const x = ENV;\n",
    ],
    [
      'a domain importing its own folder',
      'functions/orders/handlers/planted.ts',
      "import { manifest } from '../manifest.ts';\nexport const x = manifest;\n",
    ],
    [
      'a handler answering with a problem',
      'functions/orders/handlers/planted.ts',
      "import { problems } from '#shared/http/problem.ts';\nexport const x = problems;\n",
    ],
    [
      'a use case refusing',
      'functions/orders/planted.ts',
      "import { refuse } from '#shared/lib/refusal.ts';\nexport const x = refuse;\n",
    ],
    [
      'a unit test using the local test kit',
      'functions/orders/planted.test.ts',
      "import { startLocalDynamo } from '#local/testing.ts';\nexport const x = startLocalDynamo;\n",
    ],
  ])(
    'passes: %s',
    async (_what, file, source) => {
      expect(await ruleIdsFor(file, source)).toEqual([]);
    },
    30_000,
  );
});
